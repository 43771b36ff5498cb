// Staff accounts for admins: the accounts of the admin's units (an admin role at a unit covers it and
// every unit below it) with their roles per unit and whether they are active, a form to create one
// (username, full name, password, one role at one of the admin's units) and disabling an account.
// The scope and the password policy are the service's (api/staff/accounts.ts); its refusals are
// shown at the fields they concern (422), a taken username at the username field (409).
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { canAdministerUnit, unitAncestry } from '../../domain/access.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { STAFF_ROLES, type StaffRole } from '../../domain/roles.js';
import type { Db } from '../../db/database.js';
import type { AppDeps } from '../app.js';
import { requireAdmin, requireStaff, type StaffEnv } from './auth.js';
import { createStaff, disableStaff, listStaff, type StaffAccount } from './accounts.js';
import { PASSWORD_MIN_LENGTH } from './passwords.js';
import { ConsoleLayout, FieldError, Flash, type Problem, ProblemBox } from '../console/layout.js';
import { dateTime } from '../../domain/wording/dates.js';
import { roleLabel } from '../console/format.js';
import { t } from '../console/i18n.js';
import { Cell } from '../console/table.js';
import { formBody, formValue, issueAt, redirectWith, takeFlash, type Ctx, type FormValues } from '../console/page-kit.js';

const PAGE = '/console/admin/staff';
const FORM_FIELDS = ['username', 'fullName', 'password', 'role', 'unitId'];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UnitOption {
  id: string;
  name: string;
}

/** The service's field paths on the form's fields: the one grant is `grants.0.role` / `grants.0.unitId`. */
function formIssue(issue: FieldIssue): FieldIssue {
  const path = issue.path.replace(/^grants\.0\.(role|unitId)\b/, '$1').replace(/^grants$/, 'unitId');
  return { ...issue, path };
}

/** Units the admin administers (their admin units and all below), current ones only, by name. */
export async function adminUnits(db: Db, actor: StaffActor): Promise<{ options: UnitOption[]; names: Map<string, string> }> {
  const today = new Date().toISOString().slice(0, 10);
  const rows = await db.selectFrom('units').select(['id', 'name', 'parent_id', 'valid_to']).orderBy('name').execute();
  const parentOf = new Map(rows.map((u) => [u.id, u.parent_id]));
  const options = rows
    .filter((u) => (u.valid_to === null || u.valid_to >= today) && canAdministerUnit(actor.grants, unitAncestry(u.id, parentOf)))
    .map((u) => ({ id: u.id, name: u.name }));
  return { options, names: new Map(rows.map((u) => [u.id, u.name])) };
}

export function accountConsoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const guard = [requireStaff(deps.db), requireAdmin] as const;

  async function show(c: Ctx, form: { values: FormValues; problem?: Problem } = { values: {} }, status: ContentfulStatusCode = 200) {
    const actor = c.get('actor');
    const [accounts, units] = await Promise.all([listStaff(deps.db, actor), adminUnits(deps.db, actor)]);
    const flash = form.problem ? undefined : await takeFlash(c, deps.secret);
    return c.html(<StaffPage actor={actor} accounts={accounts} units={units.options} unitNames={units.names} form={form} flash={flash} />, status);
  }

  app.get(PAGE, ...guard, (c) => show(c));

  app.post(PAGE, ...guard, async (c) => {
    const values = await formBody(c);
    // Passwords are never shown back.
    const shown: FormValues = { ...values, password: '' };
    const input = {
      username: formValue(values, 'username'),
      fullName: formValue(values, 'fullName'),
      password: formValue(values, 'password'),
      // The service checks the role is one of STAFF_ROLES (at `grants.0.role`).
      grants: [{ role: formValue(values, 'role') as StaffRole, unitId: formValue(values, 'unitId') }],
    };
    let account: StaffAccount;
    try {
      account = await createStaff(deps.db, input, c.get('actor'));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'UNAUTHENTICATED' || err.code === 'NOT_FOUND') throw err;
      return show(c, { values: shown, problem: { message: err.message, issues: err.issues?.map(formIssue) } }, err.status as ContentfulStatusCode);
    }
    return redirectWith(c, deps.secret, PAGE, t(`Đã tạo tài khoản ${account.username} (${account.fullName}).`, `Created account ${account.username} (${account.fullName}).`));
  });

  app.post(`${PAGE}/:id/disable`, ...guard, async (c) => {
    const id = c.req.param('id');
    if (!UUID_RE.test(id)) throw new DomainError('NOT_FOUND', t('Không tìm thấy tài khoản cán bộ.', 'Staff account not found.'));
    let account: StaffAccount;
    try {
      account = await disableStaff(deps.db, id, c.get('actor'));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'UNAUTHENTICATED' || err.code === 'NOT_FOUND') throw err;
      return show(c, { values: {}, problem: { message: err.message, issues: err.issues } }, err.status as ContentfulStatusCode);
    }
    return redirectWith(c, deps.secret, PAGE, t(`Đã khoá tài khoản ${account.username}; các phiên đăng nhập và mã truy cập của tài khoản đã bị huỷ.`, `Disabled account ${account.username}; its sessions and access tokens have been revoked.`));
  });

  return app;
}

interface PageProps {
  actor: StaffActor;
  accounts: StaffAccount[];
  units: UnitOption[];
  unitNames: Map<string, string>;
  form: { values: FormValues; problem?: Problem };
  flash?: string;
}

function StaffPage({ actor, accounts, units, unitNames, form, flash }: PageProps) {
  // A refusal of the create form is shown at the form; any other (disabling) above the list.
  const creating = form.problem && Object.keys(form.values).length > 0;
  return (
    <ConsoleLayout title={t('Tài khoản cán bộ', 'Staff accounts')} actor={actor} current="staff">
      <h1>{t('Tài khoản cán bộ', 'Staff accounts')}</h1>
      <p class="lead">{t('Tài khoản có vai trò tại các đơn vị bạn quản trị (và các đơn vị cấp dưới). Tài khoản bị khoá không đăng nhập được nữa.', 'Accounts with a role in the units you administer (and the units below them). A disabled account can no longer log in.')}</p>
      <Flash message={flash} />
      {!creating && <ProblemBox problem={form.problem} />}
      <section class="card" aria-labelledby="staff-list-title">
        <h2 id="staff-list-title">{t(`Danh sách (${accounts.length})`, `Accounts (${accounts.length})`)}</h2>
        {accounts.length === 0 ? (
          <p>{t('Chưa có tài khoản nào.', 'No accounts yet.')}</p>
        ) : (
          <table class="responsive" id="staff">
            <thead>
              <tr>
                <th scope="col">{t('Họ tên', 'Full name')}</th>
                <th scope="col">{t('Tên đăng nhập', 'Username')}</th>
                <th scope="col">{t('Vai trò', 'Role')}</th>
                <th scope="col">{t('Tình trạng', 'Status')}</th>
                <th scope="col">{t('Thao tác', 'Actions')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr data-username={a.username} data-active={String(a.active)}>
                  <Cell label={t('Họ tên', 'Full name')}>{a.fullName}</Cell>
                  <Cell label={t('Tên đăng nhập', 'Username')}>
                    <code>{a.username}</code>
                  </Cell>
                  <Cell label={t('Vai trò', 'Role')}>
                    {a.grants.length === 0 ? (
                      <span class="muted">{t('Chưa có vai trò', 'No role yet')}</span>
                    ) : (
                      <ul class="plain">
                        {a.grants.map((g) => (
                          <li>
                            {roleLabel(g.role)} · {unitNames.get(g.unitId) ?? g.unitId}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Cell>
                  <Cell label={t('Tình trạng', 'Status')}>
                    {a.active ? (
                      <span class="badge ok">{t('Đang hoạt động', 'Active')}</span>
                    ) : (
                      <>
                        <span class="badge late">{t('Đã khoá', 'Disabled')}</span>
                        {a.disabledAt && <div class="small muted">{t(`từ ${dateTime(a.disabledAt)}`, `since ${dateTime(a.disabledAt)}`)}</div>}
                      </>
                    )}
                  </Cell>
                  <Cell label={t('Thao tác', 'Actions')}>
                    {a.active && a.id !== actor.staffId ? (
                      <form method="post" action={`${PAGE}/${a.id}/disable`}>
                        <button type="submit" class="danger">
                          {t('Khoá', 'Disable')}
                          <span class="vh">{t(` tài khoản ${a.username}`, ` account ${a.username}`)}</span>
                        </button>
                      </form>
                    ) : (
                      <span class="muted">{a.active ? t('Tài khoản của bạn', 'Your account') : '—'}</span>
                    )}
                  </Cell>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CreateForm units={units} values={form.values} problem={creating ? form.problem : undefined} />
    </ConsoleLayout>
  );
}

function CreateForm({ units, values, problem }: { units: UnitOption[]; values: FormValues; problem: Problem | undefined }) {
  const v = (name: string) => formValue(values, name);
  const error = (name: string) => issueAt(problem?.issues, name);
  const described = (name: string, help?: string) => [help, error(name) ? `sf-${name}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const invalid = (name: string) => (error(name) ? 'true' : undefined);
  const role = v('role') || 'receiver';
  const unitId = v('unitId') || units[0]?.id;
  return (
    <section class="card" aria-labelledby="staff-form-title" id="staff-form">
      <h2 id="staff-form-title">{t('Tạo tài khoản', 'Create account')}</h2>
      <ProblemBox problem={problem && { message: problem.message, issues: problem.issues?.filter((i) => !FORM_FIELDS.includes(i.path.split('.')[0]!)) }} title={t('Chưa tạo được', 'Not created')} />
      <form method="post" action={PAGE}>
        <div class="field">
          <label for="sf-username">{t('Tên đăng nhập', 'Username')}</label>
          <p class="help" id="sf-username-help">
            {t('3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.', '3–64 characters: lower-case letters without diacritics, digits, dot, hyphen, underscore.')}
          </p>
          <FieldError id="sf-username" message={error('username')} />
          <input
            type="text"
            id="sf-username"
            name="username"
            maxlength={64}
            required
            autocomplete="off"
            value={v('username')}
            aria-invalid={invalid('username')}
            aria-describedby={described('username', 'sf-username-help')}
          />
        </div>
        <div class="field">
          <label for="sf-fullName">{t('Họ tên', 'Full name')}</label>
          <FieldError id="sf-fullName" message={error('fullName')} />
          <input type="text" id="sf-fullName" name="fullName" maxlength={200} required value={v('fullName')} aria-invalid={invalid('fullName')} aria-describedby={described('fullName')} />
        </div>
        <div class="field">
          <label for="sf-password">{t('Mật khẩu ban đầu', 'Initial password')}</label>
          <p class="help" id="sf-password-help">
            {t(
              `Tối thiểu ${PASSWORD_MIN_LENGTH} ký tự, không dễ đoán; chuyển cho cán bộ qua kênh an toàn.`,
              `At least ${PASSWORD_MIN_LENGTH} characters, hard to guess; hand it to the officer over a safe channel.`,
            )}
          </p>
          <FieldError id="sf-password" message={error('password')} />
          <input
            type="password"
            id="sf-password"
            name="password"
            required
            autocomplete="new-password"
            aria-invalid={invalid('password')}
            aria-describedby={described('password', 'sf-password-help')}
          />
        </div>
        <div class="field">
          <label for="sf-role">{t('Vai trò', 'Role')}</label>
          <FieldError id="sf-role" message={error('role')} />
          <select id="sf-role" name="role" aria-invalid={invalid('role')} aria-describedby={described('role')}>
            {STAFF_ROLES.map((r) => (
              <option value={r} selected={role === r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="sf-unitId">{t('Đơn vị', 'Unit')}</label>
          <FieldError id="sf-unitId" message={error('unitId')} />
          <select id="sf-unitId" name="unitId" aria-invalid={invalid('unitId')} aria-describedby={described('unitId')}>
            {units.map((u) => (
              <option value={u.id} selected={unitId === u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div class="buttons">
          <button type="submit">{t('Tạo tài khoản', 'Create account')}</button>
        </div>
      </form>
    </section>
  );
}
