// The unit tree for admins: province → district → wards, each with its validity dates; a dissolved
// unit links to its successor (the unit that took over its dossiers). Admins create a unit under one
// of theirs, and on each unit they administer edit its name and note or dissolve it into a
// successor from a date (only eligible successors are offered). The rules and the scope are the
// service's (api/units/service.ts); its refusals are shown at the fields they concern.
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { localDate } from '../../domain/calendar.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DomainError } from '../../domain/errors.js';
import type { UnitLevel, UnitNode } from '../../domain/units.js';
import type { AppDeps } from '../app.js';
import { requireAdmin, requireStaff, type StaffEnv } from '../staff/auth.js';
import { administeredBy, createUnit, dissolveUnit, listUnits, successorOptions, updateUnit, type UnitRecord } from './service.js';
import { ConsoleLayout, FieldError, Flash, type Problem, ProblemBox } from '../console/layout.js';
import { dateTime, dayVi } from '../../domain/wording/dates.js';
import { t } from '../console/i18n.js';
import { formBody, formValue, issueAt, redirectWith, takeFlash, type Ctx, type FormValues } from '../console/page-kit.js';

const PAGE = '/console/admin/units';
const FORM_FIELDS = {
  create: ['code', 'name', 'level', 'parentId', 'validFrom', 'note'],
  edit: ['name', 'note'],
  dissolve: ['effectiveDate', 'successorId'],
} as const;
type FormKind = keyof typeof FORM_FIELDS;

/** What the admin submitted and why it was refused, shown again in the form it came from. */
interface FormState {
  kind: FormKind;
  unitId?: string;
  values: FormValues;
  problem: Problem;
}

const levelLabel = (level: UnitLevel) => ({ province: t('Cấp tỉnh', 'Province'), district: t('Cấp huyện', 'District'), ward: t('Cấp xã', 'Ward') })[level];

export function unitConsoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const guard = [requireStaff(deps.db), requireAdmin] as const;

  async function show(c: Ctx, form?: FormState, status: ContentfulStatusCode = 200) {
    const units = await listUnits(deps.db);
    const flash = form ? undefined : await takeFlash(c, deps.secret);
    return c.html(<UnitsPage actor={c.get('actor')} units={units} today={localDate(Date.now())} form={form} flash={flash} />, status);
  }

  /** Runs a change; a refusal is shown in the form it came from, anything else is the error page's. */
  async function attempt(c: Ctx, kind: FormKind, unitId: string | undefined, change: (values: FormValues) => Promise<string>) {
    const values = await formBody(c);
    let message: string;
    try {
      message = await change(values);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'UNAUTHENTICATED' || err.code === 'NOT_FOUND') throw err;
      return show(c, { kind, unitId, values, problem: { message: err.message, issues: err.issues } }, err.status as ContentfulStatusCode);
    }
    return redirectWith(c, deps.secret, PAGE, message);
  }

  app.get(PAGE, ...guard, (c) => show(c));

  app.post(PAGE, ...guard, (c) =>
    attempt(c, 'create', undefined, async (v) => {
      const input = {
        code: formValue(v, 'code'),
        name: formValue(v, 'name'),
        // The service checks the level against the parent's (at `level`).
        level: formValue(v, 'level') as UnitLevel,
        parentId: formValue(v, 'parentId'),
        validFrom: formValue(v, 'validFrom'),
        note: formValue(v, 'note'),
      };
      const unit = await createUnit(deps.db, input, c.get('actor'));
      return t(`Đã tạo ${unit.name} (${unit.code}).`, `Created ${unit.name} (${unit.code}).`);
    }),
  );

  app.post(`${PAGE}/:id`, ...guard, (c) =>
    attempt(c, 'edit', c.req.param('id'), async (v) => {
      const unit = await updateUnit(deps.db, c.req.param('id'), { name: formValue(v, 'name'), note: formValue(v, 'note') }, c.get('actor'));
      return t(`Đã lưu ${unit.name}.`, `Saved ${unit.name}.`);
    }),
  );

  app.post(`${PAGE}/:id/dissolve`, ...guard, (c) =>
    attempt(c, 'dissolve', c.req.param('id'), async (v) => {
      const input = { effectiveDate: formValue(v, 'effectiveDate'), successorId: formValue(v, 'successorId') };
      const unit = await dissolveUnit(deps.db, c.req.param('id'), input, c.get('actor'));
      return t(
        `${unit.name} hoạt động đến hết ${dayVi(unit.validTo!)}; từ ${dayVi(input.effectiveDate)} hồ sơ gửi đến đơn vị được chuyển cho đơn vị kế thừa.`,
        `${unit.name} is in force to the end of ${dayVi(unit.validTo!)}; from ${dayVi(input.effectiveDate)} dossiers sent to it go to its successor.`,
      );
    }),
  );

  return app;
}

/** Units in force first, then by name; a unit whose parent is unknown is shown as a root. */
function childrenOf(units: readonly UnitRecord[], parentId: string | null): UnitRecord[] {
  const ids = new Set(units.map((u) => u.id));
  return units
    .filter((u) => (parentId === null ? u.parentId === null || !ids.has(u.parentId) : u.parentId === parentId))
    .sort((a, b) => Number(a.validTo !== null) - Number(b.validTo !== null) || a.name.localeCompare(b.name, 'vi'));
}

interface PageProps {
  actor: StaffActor;
  units: UnitRecord[];
  today: string;
  form?: FormState;
  flash?: string;
}

function UnitsPage({ actor, units, today, form, flash }: PageProps) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const administers = administeredBy(actor, byId);
  const dissolved = (u: UnitNode) => u.validTo !== null && u.validTo < today;
  const formFor = (kind: FormKind, unitId?: string) => (form?.kind === kind && form.unitId === unitId ? form : undefined);

  const node = (u: UnitRecord, seen: Set<string>): Child => {
    const next = new Set(seen).add(u.id);
    const children = childrenOf(units, u.id).filter((k) => !next.has(k.id));
    const successor = u.successorId ? byId.get(u.successorId) : undefined;
    return (
      <li id={`unit-${u.id}`} data-unit={u.id}>
        <div class="unit">
          <strong>{u.name}</strong> <code class="small">{u.code}</code> <span class="small muted">· {levelLabel(u.level)}</span>{' '}
          {dissolved(u) ? <span class="badge">{t('Đã giải thể', 'Dissolved')}</span> : <span class="badge ok">{t('Đang hoạt động', 'Active')}</span>}
          <div class="small">
            {u.validTo
              ? t(`Hiệu lực: từ ${dayVi(u.validFrom)} đến hết ${dayVi(u.validTo)}`, `In force: from ${dayVi(u.validFrom)} to the end of ${dayVi(u.validTo)}`)
              : t(`Hiệu lực: từ ${dayVi(u.validFrom)}`, `In force: from ${dayVi(u.validFrom)}`)}
            {successor && (
              <>
                {' '}
                · <span aria-hidden="true">→ </span>
                <a href={`#unit-${successor.id}`} class="successor">
                  <span class="vh">{t('Đơn vị kế thừa:', 'Successor unit:')} </span>
                  {successor.name}
                </a>
              </>
            )}
          </div>
          {u.note && <div class="small muted">{u.note}</div>}
          {u.changedAt && (
            <div class="small muted">
              {t(`Sửa lần cuối: ${dateTime(u.changedAt)}`, `Last changed: ${dateTime(u.changedAt)}`)}
              {u.changedByName && `, ${u.changedByName}`}
            </div>
          )}
          {administers(u.id) && (
            <ManageUnit unit={u} successors={u.validTo === null ? successorOptions(byId, actor, u.id, today) : undefined} edit={formFor('edit', u.id)} dissolve={formFor('dissolve', u.id)} />
          )}
        </div>
        {children.length > 0 && <ul>{children.map((k) => node(k, next))}</ul>}
      </li>
    );
  };

  const current = units.filter((u) => !dissolved(u)).length;
  // Parents a new unit may have: the admin's units in force today that can hold units below them.
  const parents = units.filter((u) => u.level !== 'ward' && !dissolved(u) && u.validFrom <= today && administers(u.id));
  return (
    <ConsoleLayout title={t('Đơn vị', 'Unit')} actor={actor} current="units">
      <h1>{t('Cây đơn vị', 'Unit tree')}</h1>
      <p class="lead">
        {t(
          `${units.length} đơn vị, ${current} đang hoạt động. Hồ sơ gửi đến đơn vị đã giải thể được chuyển cho đơn vị kế thừa (mũi tên →).`,
          `${units.length} units, ${current} in force. Dossiers sent to a dissolved unit go to its successor (arrow →).`,
        )}
      </p>
      <Flash message={flash} />
      <section class="card" aria-labelledby="units-title">
        <h2 id="units-title">{t('Công an tỉnh, huyện, xã', 'Province, district and ward police')}</h2>
        <ul class="tree" id="units">
          {childrenOf(units, null).map((u) => node(u, new Set()))}
        </ul>
      </section>
      {parents.length > 0 && <CreateForm parents={parents} today={today} form={formFor('create')} />}
    </ConsoleLayout>
  );
}

/** Helpers for one form's fields: ids prefixed per form, the error at each field, what was typed. */
function fieldKit(prefix: string, kind: FormKind, form: FormState | undefined, defaults: Record<string, string>) {
  const error = (name: string) => issueAt(form?.problem.issues, name);
  return {
    id: (name: string) => `${prefix}-${name}`,
    value: (name: string) => (form ? formValue(form.values, name) : (defaults[name] ?? '')),
    error,
    invalid: (name: string) => (error(name) ? 'true' : undefined),
    described: (name: string, help?: string) => [help, error(name) ? `${prefix}-${name}-error` : undefined].filter(Boolean).join(' ') || undefined,
    /** The refusal, with the issues no field of this form shows. */
    problemBox: (title: string) => (
      <ProblemBox
        problem={form && { message: form.problem.message, issues: form.problem.issues?.filter((i) => !(FORM_FIELDS[kind] as readonly string[]).includes(i.path.split('.')[0]!)) }}
        title={title}
      />
    ),
  };
}

function ManageUnit({ unit, successors, edit, dissolve }: { unit: UnitRecord; successors: UnitNode[] | undefined; edit?: FormState; dissolve?: FormState }) {
  const e = fieldKit(`ue-${unit.id}`, 'edit', edit, { name: unit.name, note: unit.note ?? '' });
  const d = fieldKit(`ud-${unit.id}`, 'dissolve', dissolve, {});
  const successorId = d.value('successorId');
  return (
    <details class="manage" open={edit !== undefined || dissolve !== undefined}>
      <summary>
        {successors ? t('Sửa hoặc giải thể', 'Edit or dissolve') : t('Sửa', 'Edit')}
        <span class="vh"> {unit.name}</span>
      </summary>
      <form method="post" action={`${PAGE}/${unit.id}`} class="action">
        <h3>{t('Tên và ghi chú', 'Name and note')}</h3>
        {e.problemBox(t('Chưa lưu được', 'Not saved'))}
        <div class="field">
          <label for={e.id('name')}>{t('Tên đơn vị', 'Unit name')}</label>
          <FieldError id={e.id('name')} message={e.error('name')} />
          <input type="text" id={e.id('name')} name="name" maxlength={200} required value={e.value('name')} aria-invalid={e.invalid('name')} aria-describedby={e.described('name')} />
        </div>
        <div class="field">
          <label for={e.id('note')}>{t('Ghi chú (không bắt buộc)', 'Note (optional)')}</label>
          <FieldError id={e.id('note')} message={e.error('note')} />
          <textarea id={e.id('note')} name="note" rows={2} maxlength={1000} aria-invalid={e.invalid('note')} aria-describedby={e.described('note')}>
            {e.value('note')}
          </textarea>
        </div>
        <button type="submit">{t('Lưu', 'Save')}</button>
      </form>
      {successors && (
        <form method="post" action={`${PAGE}/${unit.id}/dissolve`} class="action">
          <h3>{t('Giải thể, chuyển cho đơn vị kế thừa', 'Dissolve into a successor')}</h3>
          {d.problemBox(t('Chưa giải thể được', 'Not dissolved'))}
          <p class="help" id={d.id('help')}>
            {t(
              'Từ ngày này, hồ sơ mới gửi đến đơn vị được chuyển cho đơn vị kế thừa; cán bộ của đơn vị kế thừa tiếp tục giải quyết hồ sơ đang mở và trả lời tin nhắn OA của đơn vị. Hồ sơ đã có không bị chuyển đi.',
              'From this date, new dossiers sent to the unit go to its successor; the successor’s staff carry on with its open dossiers and answer its OA. Existing dossiers are not moved.',
            )}
          </p>
          {successors.length === 0 ? (
            <p class="muted">{t('Không có đơn vị nào bạn quản trị đủ điều kiện kế thừa đơn vị này.', 'None of the units you administer can take over this unit.')}</p>
          ) : (
            <>
              <div class="field">
                <label for={d.id('effectiveDate')}>{t('Giải thể từ ngày', 'Dissolved from')}</label>
                <p class="help" id={d.id('effectiveDate-help')}>
                  {t('Ngày đơn vị kế thừa bắt đầu tiếp nhận; đơn vị này hoạt động đến hết ngày hôm trước.', 'The first day the successor takes over; this unit is in force until the day before.')}
                </p>
                <FieldError id={d.id('effectiveDate')} message={d.error('effectiveDate')} />
                <input
                  type="date"
                  id={d.id('effectiveDate')}
                  name="effectiveDate"
                  required
                  value={d.value('effectiveDate')}
                  aria-invalid={d.invalid('effectiveDate')}
                  aria-describedby={d.described('effectiveDate', d.id('effectiveDate-help'))}
                />
              </div>
              <div class="field">
                <label for={d.id('successorId')}>{t('Đơn vị kế thừa', 'Successor unit')}</label>
                <FieldError id={d.id('successorId')} message={d.error('successorId')} />
                <select id={d.id('successorId')} name="successorId" required aria-invalid={d.invalid('successorId')} aria-describedby={d.described('successorId')}>
                  {successors.map((s) => (
                    <option value={s.id} selected={successorId === s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" class="danger" aria-describedby={d.id('help')}>
                {t('Giải thể', 'Dissolve')}
                <span class="vh"> {unit.name}</span>
              </button>
            </>
          )}
        </form>
      )}
    </details>
  );
}

function CreateForm({ parents, today, form }: { parents: UnitRecord[]; today: string; form?: FormState }) {
  const f = fieldKit('uc', 'create', form, { level: 'ward', parentId: parents[0]!.id, validFrom: today });
  return (
    <section class="card" aria-labelledby="unit-form-title" id="unit-form">
      <h2 id="unit-form-title">{t('Tạo đơn vị', 'Create a unit')}</h2>
      {f.problemBox(t('Chưa tạo được', 'Not created'))}
      <form method="post" action={PAGE}>
        <div class="field">
          <label for={f.id('code')}>{t('Mã đơn vị', 'Unit code')}</label>
          <p class="help" id={f.id('code-help')}>
            {t('2–12 ký tự: chữ in hoa không dấu và số, bắt đầu bằng chữ; đứng đầu mã hồ sơ của đơn vị. Không đổi được sau khi tạo.', '2–12 characters: upper-case letters without diacritics and digits, starting with a letter; it starts the unit’s dossier codes. It cannot be changed later.')}
          </p>
          <FieldError id={f.id('code')} message={f.error('code')} />
          <input type="text" id={f.id('code')} name="code" maxlength={12} required autocomplete="off" value={f.value('code')} aria-invalid={f.invalid('code')} aria-describedby={f.described('code', f.id('code-help'))} />
        </div>
        <div class="field">
          <label for={f.id('name')}>{t('Tên đơn vị', 'Unit name')}</label>
          <FieldError id={f.id('name')} message={f.error('name')} />
          <input type="text" id={f.id('name')} name="name" maxlength={200} required value={f.value('name')} aria-invalid={f.invalid('name')} aria-describedby={f.described('name')} />
        </div>
        <div class="field">
          <label for={f.id('level')}>{t('Cấp', 'Level')}</label>
          <FieldError id={f.id('level')} message={f.error('level')} />
          <select id={f.id('level')} name="level" aria-invalid={f.invalid('level')} aria-describedby={f.described('level')}>
            {(['ward', 'district'] as const).map((l) => (
              <option value={l} selected={f.value('level') === l}>
                {levelLabel(l)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={f.id('parentId')}>{t('Trực thuộc', 'Under')}</label>
          <p class="help" id={f.id('parentId-help')}>
            {t('Công an cấp xã trực thuộc Công an cấp huyện hoặc (từ năm 2025) trực tiếp Công an cấp tỉnh.', 'Ward police sit under a district or (since 2025) directly under the province.')}
          </p>
          <FieldError id={f.id('parentId')} message={f.error('parentId')} />
          <select id={f.id('parentId')} name="parentId" aria-invalid={f.invalid('parentId')} aria-describedby={f.described('parentId', f.id('parentId-help'))}>
            {parents.map((p) => (
              <option value={p.id} selected={f.value('parentId') === p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={f.id('validFrom')}>{t('Hoạt động từ ngày', 'In force from')}</label>
          <FieldError id={f.id('validFrom')} message={f.error('validFrom')} />
          <input type="date" id={f.id('validFrom')} name="validFrom" required value={f.value('validFrom')} aria-invalid={f.invalid('validFrom')} aria-describedby={f.described('validFrom')} />
        </div>
        <div class="field">
          <label for={f.id('note')}>{t('Ghi chú (không bắt buộc)', 'Note (optional)')}</label>
          <FieldError id={f.id('note')} message={f.error('note')} />
          <textarea id={f.id('note')} name="note" rows={2} maxlength={1000} aria-invalid={f.invalid('note')} aria-describedby={f.described('note')}>
            {f.value('note')}
          </textarea>
        </div>
        <div class="buttons">
          <button type="submit">{t('Tạo đơn vị', 'Create the unit')}</button>
        </div>
      </form>
    </section>
  );
}
