// The page shell: Vietnamese, mobile first, readable without scripts or external resources
// (residents open it inside Zalo's browser, often on slow connections).
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';

// Colours meet WCAG AA contrast on white (text ≥ 6:1); the focus ring is thick, dark and never removed.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1b1b;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.45rem;line-height:1.3;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:2rem 0 .75rem}
a{color:#0047b3}
.lead{color:#404040;margin-top:-.5rem}
.panel{background:#eef3fb;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1.5rem}
.panel dt{font-weight:600}.panel dd{margin:0 0 .5rem}
details{margin:.5rem 0}summary{cursor:pointer;color:#0047b3;font-weight:600;padding:.25rem 0}
.field{margin:0 0 1.5rem}
label,legend{display:block;font-weight:600;margin:0 0 .25rem;padding:0}
fieldset{border:0;margin:0;padding:0;min-width:0}
.help{color:#404040;margin:0 0 .35rem;font-size:.95rem}
.error{color:#b3261e;font-weight:600;margin:0 0 .35rem}
.req{color:#b3261e}
input,select,textarea{display:block;width:100%;min-height:2.75rem;padding:.55rem .7rem;font:inherit;color:inherit;background:#fff;border:2px solid #5c5c5c;border-radius:.375rem}
input[type=file]{padding:.4rem;border-style:dashed}
input[type=radio]{display:inline-block;width:1.4rem;height:1.4rem;min-height:0;margin:0 .5rem 0 0;vertical-align:middle}
.choice{display:flex;align-items:center;min-height:2.75rem;font-weight:400}
[aria-invalid=true]{border-color:#b3261e}
:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
button{display:block;width:100%;min-height:3rem;padding:.75rem 1.5rem;font:inherit;font-weight:600;color:#fff;background:#0047b3;border:0;border-radius:.375rem;cursor:pointer}
.summary{border:3px solid #b3261e;border-radius:.375rem;padding:.75rem 1rem;margin:0 0 1.5rem}
.summary h2{margin-top:0;color:#b3261e}
.code{font-size:1.35rem;font-weight:700;letter-spacing:.03em}
.timeline{padding-left:1.25rem}.timeline li{margin-bottom:.75rem}
.muted{color:#404040}
@media (min-width:40rem){button{display:inline-block;width:auto}}
`;

export function Layout(props: { title: string; children?: Child }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{props.title}</title>
          <style>{raw(CSS)}</style>
        </head>
        <body>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

/** A page with a title and a message: link problems, errors, "already sent". */
export function Notice(props: { title: string; message: string; children?: Child }) {
  return (
    <Layout title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.children}
    </Layout>
  );
}
