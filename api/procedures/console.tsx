// The admins' procedure pages: versions, the JSON editor with its diagram and dry run, saving a
// draft, publishing and retiring (two steps, without script).
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { localDate } from '../../domain/calendar.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { mermaidStateDiagram } from '../../domain/dsl/diagram.js';
import { validateDefinition } from '../../domain/dsl/validate.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { t } from '../console/i18n.js';
import type { Problem } from '../console/layout.js';
import { formBody, redirectWith, takeFlash, type Ctx } from '../console/page-kit.js';
import { requireProvinceAdmin, requireStaff, type StaffEnv } from '../staff/auth.js';
import { listUnits } from '../units/service.js';
import { procedureVersions, retireCandidate } from './console-data.js';
import { initialDryRunFields, parseDryRunForm, wantsDryRun, type DryRunState } from './dry-run-section.js';
import { AdminPage, RetirePage, type EditorState } from './editor-page.js';
import { createDraft, dryRunDefinition, getVersion, publish, retire } from './service.js';

const VersionParams = z.object({ code: z.string().regex(/^[A-Z][A-Z0-9_]*$/), version: z.coerce.number().int().positive() });

/** Units a dossier can be dry-run at: those in operation today. */
async function dryRunUnits(deps: AppDeps) {
  const today = localDate(Date.now());
  return (await listUnits(deps.db)).filter((u) => u.validFrom <= today && (u.validTo === null || u.validTo >= today)).map(({ id, name }) => ({ id, name }));
}

/** A definition that validates: its diagram, and the dry-run controls (fresh unless given). */
async function validEditor(deps: AppDeps, actor: StaffActor, text: string, body: unknown, dryRun?: Omit<DryRunState, 'units'>): Promise<EditorState> {
  const checked = validateDefinition(body);
  if (!checked.ok) return { text, problem: { message: t(`Định nghĩa thủ tục có ${checked.issues.length} lỗi.`, `The procedure definition has ${checked.issues.length} problem(s).`), issues: checked.issues } };
  const fields = dryRun?.fields ?? initialDryRunFields(Date.now(), actor.grants[0]?.unitId ?? '');
  return { text, diagram: mermaidStateDiagram(checked.definition), dryRun: { ...dryRun, fields, units: await dryRunUnits(deps) } };
}

export function procedureConsoleRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  const staff = requireStaff(deps.db);
  const provinceAdmin = requireProvinceAdmin(deps.db);

  async function showAdmin(c: Ctx, opts: { editor?: EditorState; refusal?: { title: string; problem: Problem }; status?: ContentfulStatusCode } = {}) {
    const actor = c.get('actor');
    const versions = await procedureVersions(deps.db);
    const flash = opts.refusal || opts.editor?.problem ? undefined : await takeFlash(c, deps.secret);
    return c.html(
      <AdminPage actor={actor} versions={versions} editor={opts.editor ?? { text: '' }} flash={flash} refusal={opts.refusal} />,
      opts.status ?? 200,
    );
  }

  /** The procedure list with a refused publish or retire on top. */
  const showRefusal = (c: Ctx, title: string, err: DomainError) =>
    showAdmin(c, { status: err.status as ContentfulStatusCode, refusal: { title, problem: { message: err.message, issues: err.issues } } });

  app.get('/console/admin/procedures', staff, provinceAdmin, async (c) => {
    const from = VersionParams.safeParse({ code: c.req.query('from'), version: c.req.query('version') });
    if (!from.success) return showAdmin(c);
    const body = await getVersion(deps.db, from.data.code, from.data.version);
    if (!body) return showAdmin(c, { status: 404, editor: { text: '', problem: { message: t(`Không có phiên bản ${from.data.version} của thủ tục ${from.data.code}.`, `Procedure ${from.data.code} has no version ${from.data.version}.`) } } });
    return showAdmin(c, { editor: await validEditor(deps, c.get('actor'), JSON.stringify(body, null, 2), body) });
  });

  app.post('/console/admin/procedures', staff, provinceAdmin, async (c) => {
    const values = await formBody(c);
    const text = typeof values.definition === 'string' ? values.definition : '';
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      return showAdmin(c, { status: 422, editor: { text, problem: { message: jsonSyntaxMessage(text, err) } } });
    }
    if (wantsDryRun(values)) {
      const form = parseDryRunForm(values);
      const dryRun: Omit<DryRunState, 'units'> = { fields: form.fields, problem: form.problem };
      if (form.request) {
        try {
          dryRun.result = await dryRunDefinition(deps.db, { definition: body, ...form.request });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          dryRun.problem = { message: err.message, issues: err.issues.map((i) => (i.path === 'unitId' ? { ...i, path: 'dryUnit' } : i)) };
        }
      }
      const editor = await validEditor(deps, c.get('actor'), text, body, dryRun);
      const failed = editor.problem || dryRun.problem || (dryRun.result && !dryRun.result.ok);
      return showAdmin(c, { status: failed ? 422 : 200, editor });
    }
    if (values.intent !== 'save') {
      const editor = await validEditor(deps, c.get('actor'), text, body);
      return showAdmin(c, { status: editor.problem ? 422 : 200, editor: { ...editor, valid: !editor.problem } });
    }
    try {
      const draft = await createDraft(deps.db, body, c.get('actor').staffId);
      return await redirectWith(c, deps.secret, '/console/admin/procedures', t(`Đã lưu bản nháp ${draft.code} phiên bản ${draft.version}. Bản nháp chỉ áp dụng sau khi công bố.`, `Saved draft ${draft.code} version ${draft.version}. A draft applies only once published.`));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return showAdmin(c, { status: err.status as ContentfulStatusCode, editor: { text, problem: { message: err.message, issues: err.issues } } });
    }
  });

  function versionParams(c: Ctx) {
    const params = VersionParams.safeParse(c.req.param());
    if (!params.success) throw new DomainError('NOT_FOUND', t('Không có phiên bản thủ tục này.', 'No such procedure version.'));
    return params.data;
  }

  app.post('/console/admin/procedures/:code/versions/:version/publish', staff, provinceAdmin, async (c) => {
    const { code, version } = versionParams(c);
    try {
      await publish(deps.db, code, version);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return showRefusal(c, t('Chưa công bố được', 'Not published'), err);
    }
    return redirectWith(c, deps.secret, '/console/admin/procedures', t(`Đã công bố ${code} phiên bản ${version}; hồ sơ nộp từ nay dùng phiên bản này.`, `Published ${code} version ${version}; dossiers submitted from now on use it.`));
  });

  // Retiring takes two steps without script: this page says what stops and what goes on, its form confirms.
  app.get('/console/admin/procedures/:code/versions/:version/retire', staff, provinceAdmin, async (c) => {
    const { code, version } = versionParams(c);
    try {
      return c.html(<RetirePage actor={c.get('actor')} candidate={await retireCandidate(deps.db, code, version)} />);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return showRefusal(c, t('Chưa ngừng áp dụng được', 'Not retired'), err);
    }
  });

  app.post('/console/admin/procedures/:code/versions/:version/retire', staff, provinceAdmin, async (c) => {
    const { code, version } = versionParams(c);
    try {
      await retire(deps.db, code, version, c.get('actor'));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return showRefusal(c, t('Chưa ngừng áp dụng được', 'Not retired'), err);
    }
    return redirectWith(
      c,
      deps.secret,
      '/console/admin/procedures',
      t(`Đã ngừng áp dụng ${code} phiên bản ${version}; thủ tục không nhận hồ sơ mới, hồ sơ đang giải quyết vẫn tiếp tục.`, `Retired ${code} version ${version}; the procedure takes no new dossiers, dossiers in progress go on.`),
    );
  });

  return app;
}

/** "dòng 12, cột 5" from V8's "… at position 123", for a JSON syntax error. */
function jsonSyntaxMessage(text: string, err: unknown): string {
  if (text.trim() === '') return t('Chưa nhập định nghĩa.', 'No definition entered.');
  const position = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
  if (position === undefined) return t('JSON sai cú pháp (có thể thiếu dấu đóng ngoặc ở cuối).', 'JSON syntax error (perhaps a closing bracket is missing at the end).');
  const before = text.slice(0, Number(position)).split('\n');
  return t(`JSON sai cú pháp tại dòng ${before.length}, cột ${before.at(-1)!.length + 1}.`, `JSON syntax error at line ${before.length}, column ${before.at(-1)!.length + 1}.`);
}
