// Message templates for admins. Templates live in the procedure definitions (`messages`): this page
// lists those of one version (the published one unless another is asked for) with where each is
// used, its placeholders and a preview filled with a sample dossier, and saves edited texts as a
// new draft version, checked by validateDefinition and published through the procedure page.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { calendarFrom, localDate } from '../../domain/calendar.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { previewMessage } from '../../domain/dry-run.js';
import { stateLabel } from '../../domain/dsl/diagram.js';
import type { LocalizedText, ProcedureDefinition } from '../../domain/dsl/schema.js';
import { templateRefs } from '../../domain/dsl/validate.js';
import { DomainError } from '../../domain/errors.js';
import { templatePlaceholders } from '../../domain/messages.js';
import type { AppDeps } from '../app.js';
import { requireProvinceAdmin, requireStaff, type StaffEnv } from '../staff/auth.js';
import { createDraft, getVersion } from './service.js';
import { ConsoleLayout, FieldError, Flash, type Problem, ProblemBox } from '../console/layout.js';
import { procedureVersions, type VersionRow } from './console-data.js';
import { versionStatusLabel } from '../console/format.js';
import { localized, t } from '../console/i18n.js';
import { formBody, formValue, redirectWith, takeFlash, type Ctx, type FormValues } from '../console/page-kit.js';

const Code = z.string().regex(/^[A-Z][A-Z0-9_]*$/);
const Version = z.coerce.number().int().positive();

/** What a use of a template is, by the last part of its path. */
const uses = (): Array<[RegExp, string]> => [
  [/\.notify$/, t('báo người nộp khi hồ sơ vào bước', 'tells the applicant when the dossier enters the step')],
  [/\.remind\[\d+\]\.template$|\.remind\.template$/, t('nhắc nhở', 'reminder')],
  [/\.escalate\.template$/, t('báo lãnh đạo khi bước quá hạn', 'tells the chief when the step is overdue')],
  [/\.booked$/, t('báo giờ hẹn khi đặt lịch', 'tells the appointment time when booked')],
  [/\.followUps\[\d+\]\.template$/, t('nhắc sau khi kết thúc', 'reminder after the end')],
  [/\.survey$/, t('mời đánh giá sau khi kết thúc', 'survey invitation after the end')],
  [/^deadline\.apology\.template$/, t('thư xin lỗi, hẹn lại ngày trả kết quả', 'apology letter with a new result date')],
];

function useLabel(def: ProcedureDefinition, path: string): string {
  const what = uses().find(([pattern]) => pattern.test(path))?.[1] ?? path;
  const state = /^states\.([^.]+)\./.exec(path)?.[1];
  return state ? t(`Bước “${stateLabel(def, state)}”: ${what}`, `Step “${stateLabel(def, state)}”: ${what}`) : what;
}

interface Shown {
  row: VersionRow;
  definition: ProcedureDefinition;
}

export function templateConsoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const guard = [requireStaff(deps.db), requireProvinceAdmin(deps.db)] as const;

  /** The version asked for, else the published one, else the newest. */
  async function load(code: string | undefined, version: number | undefined): Promise<{ versions: VersionRow[]; shown?: Shown }> {
    const versions = await procedureVersions(deps.db);
    const own = versions.filter((v) => v.code === code);
    const row = own.find((v) => v.version === version) ?? (version === undefined ? (own.find((v) => v.status === 'published') ?? own[0]) : undefined);
    if (code !== undefined && !row) throw new DomainError('NOT_FOUND', version === undefined ? t(`Không có thủ tục ${code}.`, `No procedure ${code}.`) : t(`Không có phiên bản ${version} của thủ tục ${code}.`, `Procedure ${code} has no version ${version}.`));
    const definition = row && ((await getVersion(deps.db, row.code, row.version)) as ProcedureDefinition);
    return { versions, shown: row && definition ? { row, definition } : undefined };
  }

  async function show(c: Ctx, code: string | undefined, version: number | undefined, form?: { values: FormValues; problem: Problem; status: ContentfulStatusCode }) {
    const { versions, shown } = await load(code, version);
    const flash = form ? undefined : await takeFlash(c, deps.secret);
    return c.html(<TemplatesPage actor={c.get('actor')} versions={versions} shown={shown} values={form?.values} problem={form?.problem} flash={flash} />, form?.status ?? 200);
  }

  app.get('/console/admin/templates', ...guard, async (c) => {
    const code = Code.safeParse(c.req.query('code'));
    const version = Version.safeParse(c.req.query('version'));
    return show(c, code.success ? code.data : undefined, version.success ? version.data : undefined);
  });

  app.post('/console/admin/templates/:code', ...guard, async (c) => {
    const code = Code.safeParse(c.req.param('code'));
    const values = await formBody(c);
    const base = Version.safeParse(formValue(values, 'base'));
    if (!code.success || !base.success) throw new DomainError('NOT_FOUND', t('Không có phiên bản thủ tục này.', 'No such procedure version.'));
    const { shown } = await load(code.data, base.data);
    const { definition } = shown!;
    const messages = Object.fromEntries(Object.entries(definition.messages).map(([key, text]) => [key, edited(values, key, text)]));
    if (Object.entries(messages).every(([key, text]) => sameText(text, definition.messages[key]!))) {
      return show(c, code.data, base.data, { values, problem: { message: t('Chưa có mẫu tin nào được sửa.', 'No template was changed.') }, status: 422 });
    }
    try {
      const draft = await createDraft(deps.db, { ...definition, messages }, c.get('actor').staffId);
      return await redirectWith(
        c,
        deps.secret,
        `/console/admin/templates?code=${draft.code}&version=${draft.version}`,
        t(`Đã lưu các mẫu tin thành bản nháp ${draft.code} phiên bản ${draft.version}. Bản nháp chỉ áp dụng sau khi công bố.`, `Saved the templates as draft ${draft.code} version ${draft.version}. A draft applies only once published.`),
      );
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return show(c, code.data, base.data, { values, problem: { message: err.message, issues: err.issues }, status: err.status as ContentfulStatusCode });
    }
  });

  return app;
}

/** The texts of template `key` as the form holds them; an empty English text means none. */
function edited(values: FormValues, key: string, current: LocalizedText): LocalizedText {
  const vi = values[`vi.${key}`] === undefined ? current.vi : formValue(values, `vi.${key}`).trim();
  const en = values[`en.${key}`] === undefined ? current.en : formValue(values, `en.${key}`).trim() || undefined;
  return en === undefined ? { vi } : { vi, en };
}

const sameText = (a: LocalizedText, b: LocalizedText) => a.vi === b.vi && a.en === b.en;

interface PageProps {
  actor: StaffActor;
  versions: VersionRow[];
  shown?: Shown;
  values?: FormValues;
  problem?: Problem;
  flash?: string;
}

function TemplatesPage({ actor, versions, shown, values, problem, flash }: PageProps) {
  const codes = [...new Map(versions.map((v) => [v.code, v.name] as const)).entries()];
  return (
    <ConsoleLayout title={t('Mẫu tin nhắn', 'Message templates')} actor={actor} current="templates">
      <h1>{t('Mẫu tin nhắn', 'Message templates')}</h1>
      <p class="lead">
        {t('Mỗi thủ tục mang các mẫu tin nhắn gửi người dân và cán bộ; các biến như', 'Each procedure carries the messages sent to residents and staff; placeholders such as')} <code>{'{code}'}</code> {t('được thay bằng thông tin của hồ sơ khi gửi. Sửa mẫu tin tạo một bản nháp mới của thủ tục, chỉ áp dụng sau khi công bố.', 'are replaced with the dossier\'s details when sent. Editing a template makes a new draft of the procedure, which applies only once published.')}
      </p>
      <nav aria-label={t('Chọn thủ tục', 'Choose a procedure')}>
        <ul class="buttons">
          {codes.map(([code, name]) => (
            <li>
              <a href={`/console/admin/templates?code=${code}`} aria-current={shown?.row.code === code ? 'page' : undefined}>
                {name} <span class="small">({code})</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Flash message={flash} />
      {shown ? (
        <TemplateForm shown={shown} values={values} problem={problem} />
      ) : (
        <p>{t('Chọn một thủ tục để xem các mẫu tin nhắn của nó.', 'Choose a procedure to see its message templates.')}</p>
      )}
      <section class="card" aria-labelledby="chat-texts-title">
        <h2 id="chat-texts-title">{t('Các câu trả lời khác trong khung chat Zalo', 'Other replies in the Zalo chat')}</h2>
        <p>
          {t('Lời chào, danh sách thủ tục, hướng dẫn lệnh, trả lời tra cứu và xác nhận đã nhận ảnh bổ sung là câu trả lời chung của mọi thủ tục; chúng nằm trong mã nguồn (', 'The greeting, the procedure list, the command help, status answers and the receipt of supplement photos are shared by every procedure; they live in the source code (')}<code>domain/chat-texts.ts</code>{t(') và không sửa được ở trang này.', ') and cannot be edited here.')}
        </p>
      </section>
    </ConsoleLayout>
  );
}

function TemplateForm({ shown, values, problem }: { shown: Shown; values?: FormValues; problem?: Problem }) {
  const { row, definition } = shown;
  const refs = templateRefs(definition);
  const now = Date.now();
  // The preview's sample dossier: submitted today at 09:00 at a sample unit, national calendar without holidays.
  const sample = { startAt: Date.parse(`${localDate(now)}T09:00:00+07:00`), unit: { id: 'mau', name: t('Công an phường (đơn vị mẫu)', 'Ward police (sample unit)') }, calendar: calendarFrom([]) };
  // Issues of the texts are shown at their fields; the box lists them all with their paths.
  const fieldError = (key: string, language: 'vi' | 'en') => problem?.issues?.find((i) => i.path === `messages.${key}.${language}`)?.message;
  const text = (key: string, language: 'vi' | 'en') => (values ? formValue(values, `${language}.${key}`) : (definition.messages[key]?.[language] ?? ''));
  return (
    <>
      <h2>
        {localized(definition.name)} {t('— phiên bản', '— version')} {row.version} <span class={`badge${row.status === 'published' ? ' ok' : row.status === 'draft' ? ' soon' : ''}`}>{versionStatusLabel(row.status)}</span>
      </h2>
      {row.status === 'draft' && (
        <form method="post" action={`/console/admin/procedures/${row.code}/versions/${row.version}/publish`} class="buttons">
          <button type="submit">
            {t('Công bố', 'Publish')} {row.code} {t('phiên bản', 'version')} {row.version}
          </button>
        </form>
      )}
      <ProblemBox problem={problem} title={t('Chưa lưu được', 'Not saved')} paths />
      <form method="post" action={`/console/admin/templates/${row.code}`} id="templates-form">
        <input type="hidden" name="base" value={String(row.version)} />
        {Object.entries(definition.messages).map(([key, message]) => {
          const uses = refs.filter((r) => r.key === key);
          const placeholders = templatePlaceholders(`${message.vi}\n${message.en ?? ''}`);
          return (
            <section class="card" aria-labelledby={`tpl-${key}-title`} id={`tpl-${key}`} data-template={key}>
              <h3 id={`tpl-${key}-title`}>
                <code>{key}</code>
              </h3>
              <dl class="facts">
                <dt>{t('Dùng ở', 'Used in')}</dt>
                <dd>
                  {uses.length === 0 ? (
                    t('Chưa dùng ở bước nào', 'Not used by any step')
                  ) : (
                    <ul>
                      {uses.map((u) => (
                        <li>
                          {useLabel(definition, u.path)} <code class="small">{u.path}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
                <dt>{t('Biến', 'Placeholders')}</dt>
                <dd>{placeholders.length === 0 ? t('Không có', 'None') : placeholders.map((p) => <code>{`{${p}} `}</code>)}</dd>
                <dt>{t('Xem trước', 'Preview')}</dt>
                <dd>
                  <pre class="message-text" data-preview>
                    {previewMessage(definition, message.vi, sample)}
                  </pre>
                </dd>
              </dl>
              <TextField id={`tpl-${key}-vi`} name={`vi.${key}`} label={t(`Nội dung tiếng Việt (${key})`, `Vietnamese text (${key})`)} value={text(key, 'vi')} error={fieldError(key, 'vi')} required />
              <TextField id={`tpl-${key}-en`} name={`en.${key}`} label={t(`Nội dung tiếng Anh, nếu có (${key})`, `English text, if any (${key})`)} value={text(key, 'en')} error={fieldError(key, 'en')} />
            </section>
          );
        })}
        <div class="buttons">
          <button type="submit">{t('Lưu thành bản nháp mới', 'Save as a new draft')}</button>
        </div>
      </form>
    </>
  );
}

function TextField(props: { id: string; name: string; label: string; value: string; error?: string; required?: boolean }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <FieldError id={props.id} message={props.error} />
      <textarea
        id={props.id}
        name={props.name}
        rows={4}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      >
        {props.value}
      </textarea>
    </div>
  );
}
