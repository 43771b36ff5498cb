// Procedure definitions for admins: every version of every procedure, publishing a draft, and a
// JSON editor for a new draft that reports each validation problem at its path, draws the diagram
// of a valid definition (Mermaid, its text shown too) and dry-runs it.
import type { StaffActor } from '../../domain/contracts/dossier.js';
import { DryRunSection, type DryRunState } from './admin-dry-run.js';
import type { VersionRow } from './data.js';
import { dateTime, VERSION_STATUS } from './format.js';
import { Cell, ConsoleLayout, Flash, ProblemBox, type Problem } from './layout.js';

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
  /** A failed publish. */
  problem?: Problem;
}

export function AdminPage({ actor, versions, editor, flash, problem }: Props) {
  const editorError = editor.problem ? 'editor-problem' : undefined;
  return (
    <ConsoleLayout title="Quản trị thủ tục" actor={actor} current="admin" scripts={editor.diagram ? ['mermaid.js', 'diagram.js'] : undefined}>
      <h1>Thủ tục hành chính</h1>
      <p class="lead">Mỗi phiên bản đã công bố không thay đổi được; hồ sơ đang giải quyết giữ phiên bản lúc nộp.</p>
      <Flash message={flash} />
      <ProblemBox problem={problem} title="Chưa công bố được" />
      <section class="card" aria-labelledby="versions-title">
        <h2 id="versions-title">Các phiên bản</h2>
        <table class="responsive" id="versions">
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Tên thủ tục</th>
              <th scope="col">Phiên bản</th>
              <th scope="col">Tình trạng</th>
              <th scope="col">Tạo lúc</th>
              <th scope="col">Công bố lúc</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr data-code={v.code} data-version={String(v.version)}>
                <Cell label="Mã" class="nowrap">
                  <code>{v.code}</code>
                </Cell>
                <Cell label="Tên thủ tục">{v.name}</Cell>
                <Cell label="Phiên bản">{v.version}</Cell>
                <Cell label="Tình trạng">
                  <span class={`badge${v.status === 'published' ? ' ok' : v.status === 'draft' ? ' soon' : ''}`}>{VERSION_STATUS[v.status]}</span>
                </Cell>
                <Cell label="Tạo lúc">{dateTime(v.created_at)}</Cell>
                <Cell label="Công bố lúc">{v.published_at ? dateTime(v.published_at) : '—'}</Cell>
                <Cell label="Thao tác">
                  <div class="buttons">
                    <a href={`/console/admin/procedures?from=${v.code}&version=${v.version}#editor`}>
                      Chép vào trình soạn thảo<span class="vh"> (phiên bản {v.version} của {v.code})</span>
                    </a>
                    {v.status === 'draft' && (
                      <form method="post" action={`/console/admin/procedures/${v.code}/versions/${v.version}/publish`}>
                        <button type="submit">
                          Công bố {v.code} phiên bản {v.version}
                        </button>
                      </form>
                    )}
                  </div>
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="editor-title" id="editor">
        <h2 id="editor-title">Soạn phiên bản mới</h2>
        <p id="editor-help" class="help">
          Định nghĩa thủ tục dạng JSON. Số phiên bản được cấp tự động khi lưu (phiên bản kế tiếp của mã thủ tục); bản nháp chỉ áp dụng sau khi công bố.
        </p>
        {editor.valid && (
          <div class="notice" role="status">
            Định nghĩa hợp lệ, có thể lưu bản nháp.
          </div>
        )}
        {editor.problem && (
          <div id={editorError}>
            <ProblemBox problem={editor.problem} title="Định nghĩa chưa hợp lệ" paths />
          </div>
        )}
        <form method="post" action="/console/admin/procedures" id="editor-form">
          <div class="field">
            <label for="definition">Định nghĩa (JSON)</label>
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
              Kiểm tra
            </button>
            <button type="submit" name="intent" value="save">
              Lưu bản nháp
            </button>
          </div>
        </form>
      </section>
      {editor.diagram && (
        <section class="card" aria-labelledby="diagram-title" id="diagram">
          <h2 id="diagram-title">Sơ đồ quy trình</h2>
          <div id="diagram-view" class="diagram" hidden></div>
          <details open>
            <summary>Mã Mermaid của sơ đồ (các bước và cách chuyển bước)</summary>
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
