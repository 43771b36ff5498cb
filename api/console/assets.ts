// The console's only static files, served by the app itself (no CDN): one stylesheet, and for the
// procedure diagram the `mermaid` package's browser bundle and our script that draws with it. Every
// page works without script. URLs carry a content hash so browsers may cache them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Colours meet WCAG AA on their backgrounds; the focus ring is thick, dark and never removed.
// Tables turn into labelled cards on narrow screens (each cell's data-label becomes its caption).
const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1b1b;background:#f4f5f7}
a{color:#0047b3}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#0047b3;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
.site{background:#003a8c;color:#fff}
.site-inner{max-width:76rem;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem}
.brand{color:#fff;font-weight:700;font-size:1.1rem;text-decoration:none}
.site a{color:#fff}
.site ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.site a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.who{margin-left:auto;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem}
.who form{margin:0}
.site :focus-visible{outline-color:#fff}
main{max-width:76rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 .25rem}
h2{font-size:1.2rem;margin:0 0 .75rem}
h3{font-size:1.05rem;margin:0 0 .5rem}
.lead{color:#404040;margin:0 0 1rem}
section.card,.card{background:#fff;border:1px solid #c3c8cf;border-radius:.5rem;padding:1rem;margin:0 0 1rem;min-width:0}
.grid{display:grid;gap:0 1rem}
@media (min-width:62rem){.grid.two{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
dl.facts{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:.35rem 1rem;margin:0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:30rem){dl.facts{grid-template-columns:minmax(0,1fr);gap:0}dl.facts dd{margin:0 0 .5rem}}
.tabs{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;padding:0;margin:1rem 0 0;border-bottom:2px solid #c3c8cf}
.tabs a{display:block;padding:.6rem 1rem;text-decoration:none;border:2px solid transparent;border-bottom:0;border-radius:.375rem .375rem 0 0;margin-bottom:-2px}
.tabs a[aria-current=page]{background:#fff;border-color:#c3c8cf;color:#1b1b1b;font-weight:700;box-shadow:0 2px 0 #fff}
table{width:100%;border-collapse:collapse;background:#fff}
caption{text-align:left;padding:.75rem 0 .5rem;color:#404040}
th,td{text-align:left;padding:.6rem .75rem;border-bottom:1px solid #d5d8dd;vertical-align:top}
thead th{background:#e8eef8}
tr.overdue td{background:#fdeceb}
@media (max-width:48rem){
table.responsive thead{position:absolute;left:-9999px}
table.responsive tr{display:block;border-bottom:2px solid #c3c8cf;padding:.4rem 0}
table.responsive td{display:grid;grid-template-columns:8.5rem minmax(0,1fr);gap:.5rem;border:0;padding:.3rem .75rem}
table.responsive td::before{content:attr(data-label);font-weight:600}
}
.badge{display:inline-block;padding:.05rem .55rem;border-radius:1rem;font-size:.875rem;font-weight:600;background:#e4e7eb;color:#1b1b1b;white-space:nowrap}
.badge.late{background:#b3261e;color:#fff}
.badge.soon{background:#ffe8a3;color:#4d3800}
.badge.ok{background:#d3ecdc;color:#0f4a26}
.muted{color:#4a4a4a}
.small{font-size:.875rem}
.nowrap,.nowrap code{white-space:nowrap;overflow-wrap:normal}
.field{margin:0 0 1rem}
label,legend{display:block;font-weight:600;margin:0 0 .25rem;padding:0}
fieldset{border:0;margin:0 0 1rem;padding:0;min-width:0}
input[type=text],input[type=password],select,textarea{display:block;width:100%;min-height:2.75rem;padding:.5rem .7rem;font:inherit;color:inherit;background:#fff;border:2px solid #5c5c5c;border-radius:.375rem}
textarea.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;line-height:1.45;min-height:24rem}
.choice{display:flex;align-items:flex-start;gap:.6rem;font-weight:400;margin:.4rem 0}
.choice input{width:1.35rem;height:1.35rem;margin:.1rem 0 0;flex:none}
[aria-invalid=true]{border-color:#b3261e}
:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
button{min-height:2.75rem;padding:.55rem 1.25rem;font:inherit;font-weight:600;color:#fff;background:#0047b3;border:2px solid #0047b3;border-radius:.375rem;cursor:pointer}
button.secondary{background:#fff;color:#0047b3}
button.danger{background:#b3261e;border-color:#b3261e}
button.link{min-height:0;padding:0;background:none;border:0;color:inherit;font-weight:400;text-decoration:underline}
.buttons{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.75rem 0}
.buttons form{margin:0}
.actions{display:grid;gap:1rem;margin:1rem 0 0}
@media (min-width:48rem){.actions{grid-template-columns:repeat(auto-fill,minmax(19rem,1fr))}}
.action{border:1px solid #c3c8cf;border-radius:.5rem;padding:1rem;background:#fafbfc;margin:0 0 1rem}
.actions .action{margin:0}
.action.failed{border:3px solid #b3261e}
.notice{border-left:6px solid #0b6b2f;background:#e3f2e8;padding:.75rem 1rem;margin:0 0 1rem;border-radius:.25rem}
.problem{border:3px solid #b3261e;background:#fff;padding:.75rem 1rem;margin:0 0 1rem;border-radius:.375rem}
.problem h2{margin:0 0 .25rem;font-size:1.1rem;color:#b3261e}
.problem ul{margin:.25rem 0 0;padding-left:1.25rem}
.error{color:#b3261e;font-weight:600;margin:0 0 .35rem}
.timeline{list-style:none;padding:0 0 0 1rem;margin:0;border-left:3px solid #c3c8cf}
.timeline li{margin:0 0 .9rem}
.timeline time{font-weight:600}
.message-text{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font:inherit}
.papers{margin-top:1rem}
.papers h3{margin:0}
.papers ul{margin:.25rem 0 0;padding-left:1.25rem}
.thumb{display:inline-block;margin:.35rem 0 .25rem}
.thumb img{display:block;max-width:min(12rem,100%);max-height:9rem;border:1px solid #c3c8cf;border-radius:.25rem;background:#fff}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
.login{max-width:26rem;margin:3rem auto}
.login button{width:100%}
[hidden]{display:none!important}
.vh{position:absolute!important;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
ol.plain{list-style:none;padding:0;margin:0 0 1rem}
ol.plain li{margin:0 0 .75rem}
.diagram{overflow-x:auto;margin:0 0 1rem}
.diagram svg{display:block;max-width:100%;height:auto;margin:0 auto}
pre.source{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f5f7;border:1px solid #c3c8cf;border-radius:.375rem;padding:.75rem;font-size:.85rem;margin:.5rem 0 0}
.trace td{white-space:normal}
ul.tree li{margin:.5rem 0}
details.manage{margin:.5rem 0 0}
details.manage summary{cursor:pointer;color:#0047b3;text-decoration:underline;padding:.25rem 0}
details.manage .action{margin:.5rem 0 0;max-width:40rem}
.steps{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem}
input[type=date],input[type=datetime-local]{display:block;min-height:2.75rem;padding:.5rem .7rem;font:inherit;border:2px solid #5c5c5c;border-radius:.375rem;background:#fff;color:inherit}
`;

/**
 * Draws the procedure diagram from the Mermaid text on the page (which stays there as the text
 * alternative). Mermaid puts a <style> element and style attributes into its SVG, which the
 * console's CSP (style-src 'self') refuses, so the SVG is parsed inert first and its styles are
 * applied through the CSSOM (a constructed stylesheet and element.style), which CSP does not
 * govern: the page needs no 'unsafe-inline'. Mermaid's own measuring pass still reports blocked
 * inline styles in the browser console; with plain SVG labels in the page's font, sizes come out right.
 */
const DIAGRAM_JS = `
(function () {
  var source = document.getElementById('diagram-source');
  var view = document.getElementById('diagram-view');
  if (!source || !view || !window.mermaid || !window.DOMParser || !('adoptedStyleSheets' in document)) return;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'neutral',
    htmlLabels: false,
    fontFamily: getComputedStyle(document.body).fontFamily,
    state: { useMaxWidth: true }
  });
  mermaid.render('diagram-svg', source.textContent).then(function (result) {
    var svg = new DOMParser().parseFromString(result.svg, 'text/html').querySelector('svg');
    if (!svg) return;
    var sheets = Array.prototype.map.call(svg.querySelectorAll('style'), function (el) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(el.textContent);
      el.remove();
      return sheet;
    });
    var styled = Array.prototype.map.call(svg.querySelectorAll('[style]'), function (el) { return [el, el.getAttribute('style')]; });
    if (svg.hasAttribute('style')) styled.push([svg, svg.getAttribute('style')]);
    styled.forEach(function (pair) { pair[0].removeAttribute('style'); });
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat(sheets);
    document.adoptNode(svg);
    styled.forEach(function (pair) { pair[0].style.cssText = pair[1]; });
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-labelledby', 'diagram-title');
    view.replaceChildren(svg);
    view.hidden = false;
    var details = source.closest('details');
    if (details) details.open = false;
  }, function () {
    view.textContent = view.getAttribute('data-failed');
    view.hidden = false;
  });
})();
`;

/** Mermaid's self-contained browser build (UMD, defines window.mermaid), read once at start. */
const MERMAID_JS = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');

function asset(body: string, type: string) {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, type, hash };
}

export const ASSETS = {
  'console.css': asset(CSS, 'text/css; charset=utf-8'),
  'diagram.js': asset(DIAGRAM_JS, 'text/javascript; charset=utf-8'),
  'mermaid.js': asset(MERMAID_JS, 'text/javascript; charset=utf-8'),
} as const;
export type AssetName = keyof typeof ASSETS;

export const assetUrl = (name: AssetName) => `/console/assets/${name}?v=${ASSETS[name].hash}`;
