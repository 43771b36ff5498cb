// The staff login form: a plain HTML form posted to /console/login, which answers with a redirect
// to the page the clerk asked for, or this page again with the reason (wrong password, account
// locked or too many attempts, with when to try again) and the username kept.
import { ConsoleLayout, FieldError, type Problem, ProblemBox } from './layout.js';
import { t } from './i18n.js';
import { issueAt } from './page-kit.js';

interface LoginProps {
  next: string;
  username?: string;
  problem?: Problem;
}

export function LoginPage({ next, username = '', problem }: LoginProps) {
  const error = (name: string) => issueAt(problem?.issues, name);
  const field = (name: string) => ({ 'aria-invalid': error(name) ? ('true' as const) : undefined, 'aria-describedby': error(name) ? `${name}-error` : undefined });
  return (
    <ConsoleLayout title={t("Đăng nhập", 'Log in')}>
      <div class="login card">
        <h1>{t('Đăng nhập', 'Log in')}</h1>
        <p class="lead">{t('Dành cho cán bộ công an tiếp nhận và giải quyết hồ sơ.', 'For police officers who receive and process dossiers.')}</p>
        <ProblemBox problem={problem && { message: problem.message }} title={t("Chưa đăng nhập được", 'Not logged in')} />
        <form method="post" action="/console/login">
          <input type="hidden" name="next" value={next} />
          <div class="field">
            <label for="username">{t('Tên đăng nhập', 'Username')}</label>
            <FieldError id="username" message={error('username')} />
            <input
              type="text"
              id="username"
              name="username"
              value={username}
              maxlength={100}
              autocomplete="username"
              autocapitalize="none"
              spellcheck={false}
              required
              autofocus={!username}
              {...field('username')}
            />
          </div>
          <div class="field">
            <label for="password">{t('Mật khẩu', 'Password')}</label>
            <FieldError id="password" message={error('password')} />
            <input type="password" id="password" name="password" autocomplete="current-password" required autofocus={Boolean(username)} {...field('password')} />
          </div>
          <button type="submit">{t('Đăng nhập', 'Log in')}</button>
        </form>
      </div>
    </ConsoleLayout>
  );
}
