// Procedure definitions for admins: every version of every procedure, publishing a draft, retiring
// the published version (after a confirmation page: no script needed), and a JSON editor for a new draft that reports each validation problem at its path, draws the diagram
// of a valid definition (Mermaid, its text shown too) and dry-runs it.
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DryRunSection, type DryRunState } from './dry-run-section.js';
import type { RetireCandidate, VersionRow } from './console-data.js';
import { dateTime } from '../../domain/wording/dates.js';
import { versionStatusLabel } from '../console/format.js';
import { t } from '../console/i18n.js';
import { Table, type Column } from '../console/table.js';
import { ConsoleLayout, Flash, ProblemBox, type Problem } from '../console/layout.js';

export interface EditorState {
  text: string;
  /** Set after a check that found nothing wrong. */
  valid?: boolean;
  problem?: Problem;
  /** Mermaid text of the definition, when it validates. */
  diagram?: string;
  dryRun?: DryRunState;
}

interface Props {
  actor: StaffActor;
  versions: VersionRow[];
  editor: EditorState;
  flash?: string;
  /** A refused publish or retire. */
  refusal?: { title: string; problem: Problem };
}

const retirePath = (code: string, version: number) => `/console/admin/procedures/${code}/versions/${version}/retire`;

/** The columns of the versions table. */
const versionColumns = (): Column<VersionRow>[] => [
  { label: t('Mã', 'Code'), class: 'nowrap', cell: (v) => <code>{v.code}</code> },
  { label: t('Tên thủ tục', 'Procedure name'), cell: (v) => v.name },
  { label: t('Phiên bản', 'Version'), cell: (v) => v.version },
  {
    label: t('Tình trạng', 'Status'),
    cell: (v) => <span class={`badge${v.status === 'published' ? ' ok' : v.status === 'draft' ? ' soon' : ''}`}>{versionStatusLabel(v.status)}</span>,
  },
  { label: t('Tạo lúc', 'Created'), cell: (v) => dateTime(v.created_at) },
  { label: t('Công bố lúc', 'Published'), cell: (v) => (v.published_at ? dateTime(v.published_at) : '—') },
  { label: t('Thao tác', 'Actions'), cell: (v) => <VersionActions v={v} /> },
];

function VersionActions({ v }: { v: VersionRow }) {
  return (
    <div class="buttons">
      <a href={`/console/admin/procedures?from=${v.code}&version=${v.version}#editor`}>
        {t('Chép vào trình soạn thảo', 'Copy to the editor')}<span class="vh"> {t('(phiên bản', '(version')} {v.version} {t('của', 'of')} {v.code})</span>
      </a>
      {v.status === 'draft' && (
        <form method="post" action={`/console/admin/procedures/${v.code}/versions/${v.version}/publish`}>
          <button type="submit">
            {t('Công bố', 'Publish')} {v.code} {t('phiên bản', 'version')} {v.version}
          </button>
        </form>
      )}
      {v.status === 'published' && (
        <form method="get" action={retirePath(v.code, v.version)}>
          <button type="submit" class="secondary">
            {t('Ngừng áp dụng', 'Retire')} {v.code} {t('phiên bản', 'version')} {v.version}
          </button>
        </form>
      )}
    </div>
  );
}

export function AdminPage({ actor, versions, editor, flash, refusal }: Props) {
  const editorError = editor.problem ? 'editor-problem' : undefined;
  return (
    <ConsoleLayout title={t('Quản trị thủ tục', 'Procedures')} actor={actor} current="admin" scripts={editor.diagram ? ['mermaid.js', 'diagram.js'] : undefined}>
      <h1>{t('Thủ tục hành chính', 'Administrative procedures')}</h1>
      <p class="lead">{t('Mỗi phiên bản đã công bố không thay đổi được; hồ sơ đang giải quyết giữ phiên bản lúc nộp.', 'A published version never changes; dossiers in progress keep the version they were submitted under.')}</p>
      <Flash message={flash} />
      <ProblemBox problem={refusal?.problem} title={refusal?.title} />
      <section class="card" aria-labelledby="versions-title">
        <h2 id="versions-title">{t('Các phiên bản', 'Versions')}</h2>
        <Table id="versions" columns={versionColumns()} rows={versions} rowProps={(v) => ({ 'data-code': v.code, 'data-version': String(v.version) })} />
      </section>
      <section class="card" aria-labelledby="editor-title" id="editor">
        <h2 id="editor-title">{t('Soạn phiên bản mới', 'Write a new version')}</h2>
        <p id="editor-help" class="help">
          {t('Định nghĩa thủ tục dạng JSON. Số phiên bản được cấp tự động khi lưu (phiên bản kế tiếp của mã thủ tục); bản nháp chỉ áp dụng sau khi công bố.', 'The procedure definition as JSON. The version number is assigned when it is saved (the next version of the procedure code); a draft applies only once published.')}
        </p>
        {editor.valid && (
          <div class="notice" role="status">
            {t('Định nghĩa hợp lệ, có thể lưu bản nháp.', 'The definition is valid and can be saved as a draft.')}
          </div>
        )}
        {editor.problem && (
          <div id={editorError}>
            <ProblemBox problem={editor.problem} title={t('Định nghĩa chưa hợp lệ', 'The definition is not valid')} paths />
          </div>
        )}
        <form method="post" action="/console/admin/procedures" id="editor-form">
          <div class="field">
            <label for="definition">{t('Định nghĩa (JSON)', 'Definition (JSON)')}</label>
            <textarea
              id="definition"
              name="definition"
              class="code"
              rows={24}
              spellcheck={false}
              autocapitalize="none"
              required
              aria-describedby={['editor-help', editorError].filter(Boolean).join(' ')}
              aria-invalid={editor.problem ? 'true' : undefined}
            >
              {editor.text}
            </textarea>
          </div>
          <div class="buttons">
            <button type="submit" name="intent" value="validate" class="secondary">
              {t('Kiểm tra', 'Validate')}
            </button>
            <button type="submit" name="intent" value="save">
              {t('Lưu bản nháp', 'Save draft')}
            </button>
          </div>
        </form>
      </section>
      {editor.diagram && (
        <section class="card" aria-labelledby="diagram-title" id="diagram">
          <h2 id="diagram-title">{t('Sơ đồ quy trình', 'Process diagram')}</h2>
          <div id="diagram-view" class="diagram" data-failed={t('Không vẽ được sơ đồ; xem mã Mermaid bên dưới.', 'The diagram could not be drawn; see the Mermaid source below.')} hidden></div>
          <details open>
            <summary>{t('Mã Mermaid của sơ đồ (các bước và cách chuyển bước)', 'The diagram\'s Mermaid source (steps and transitions)')}</summary>
            <pre id="diagram-source" class="source">
              {editor.diagram}
            </pre>
          </details>
        </section>
      )}
      {editor.dryRun && <DryRunSection state={editor.dryRun} />}
    </ConsoleLayout>
  );
}

/** The confirmation step before a published version is retired: what stops, what goes on. */
export function RetirePage({ actor, candidate }: { actor: StaffActor; candidate: RetireCandidate }) {
  const { code, version, name, publishedAt, running } = candidate;
  return (
    <ConsoleLayout title={t('Ngừng áp dụng thủ tục', 'Retire a procedure')} actor={actor} current="admin">
      <h1>{t(`Ngừng áp dụng ${code} phiên bản ${version}?`, `Retire ${code} version ${version}?`)}</h1>
      <section class="card" aria-labelledby="retire-title">
        <h2 id="retire-title">{name}</h2>
        {publishedAt && <p>{t(`Đang áp dụng từ ${dateTime(publishedAt)}.`, `In force since ${dateTime(publishedAt)}.`)}</p>}
        <ul id="retire-effects">
          <li>{t('Thủ tục không nhận hồ sơ mới: trang nộp hồ sơ và API từ chối, danh sách thủ tục trên Zalo không còn thủ tục này.', 'The procedure takes no new dossiers: the submission page and the API refuse them, and the Zalo procedure list no longer offers it.')}</li>
          <li>
            {t(`${running} hồ sơ đang giải quyết theo phiên bản này vẫn tiếp tục đến khi xong.`, `${running} dossier(s) in progress under this version go on to the end.`)}
          </li>
          <li>{t('Muốn nhận hồ sơ trở lại: công bố một phiên bản mới (chép phiên bản này vào trình soạn thảo, lưu bản nháp rồi công bố).', 'To take dossiers again, publish a new version (copy this one to the editor, save it as a draft, then publish it).')}</li>
        </ul>
        <form method="post" action={retirePath(code, version)}>
          <div class="buttons">
            <button type="submit" class="danger" aria-describedby="retire-effects">
              {t('Ngừng áp dụng', 'Retire')} {code} {t('phiên bản', 'version')} {version}
            </button>
            <a href="/console/admin/procedures">{t('Quay lại, vẫn áp dụng', 'Back, keep it in force')}</a>
          </div>
        </form>
      </section>
    </ConsoleLayout>
  );
}
