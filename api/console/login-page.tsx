// The staff login form. It posts to /auth/login, which sets the session cookie and answers JSON;
// the console script shows the error message of a refusal above the form (assets.ts).
import { ConsoleLayout } from './layout.js';

export function LoginPage({ next }: { next: string }) {
  return (
    <ConsoleLayout title="Đăng nhập">
      <div class="login card">
        <h1>Đăng nhập</h1>
        <p class="lead">Dành cho cán bộ công an tiếp nhận và giải quyết hồ sơ.</p>
        <div id="login-error" class="problem" role="alert" tabindex={-1} hidden>
          <h2>Chưa đăng nhập được</h2>
          <p />
        </div>
        <form id="login-form" method="post" action="/auth/login">
          <input type="hidden" name="next" value={next} />
          <div class="field">
            <label for="username">Tên đăng nhập</label>
            <input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck={false} required />
          </div>
          <div class="field">
            <label for="password">Mật khẩu</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required />
          </div>
          <button type="submit">Đăng nhập</button>
        </form>
      </div>
    </ConsoleLayout>
  );
}
