// The submission page of a procedure, rendered from its published definition: what it costs
// and takes, the form, one file input per document. After an error each message sits next to
// its input (and in a summary at the top) and what the resident typed is kept.
import type { DocumentSpec, FormField } from '../../domain/dsl/schema.js';
import { feeLines, feeNote, periodText } from '../../domain/wording/fees-and-periods.js';
import { acceptText, decimal } from './format.js';
import { documentInput, fieldInput, inputId } from './form-input.js';
import { Layout } from './layout.js';
import { NAME_FIELD, type SubmitContext } from './service.js';

export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  general: string[];
}

export function SubmitPage({ ctx, state }: { ctx: SubmitContext; state: FormState }) {
  const def = ctx.definition;
  const hasErrors = state.general.length > 0 || Object.keys(state.errors).length > 0;
  return (
    <Layout title={hasErrors ? `Lỗi: ${def.name.vi}` : def.name.vi}>
      <h1>{def.name.vi}</h1>
      <p class="lead">Nộp hồ sơ trực tuyến đến {ctx.unit.name}</p>
      {hasErrors && <ErrorSummary state={state} hasDocuments={def.documents.length > 0} />}
      <div class="panel">
        <dl>
          <dt>Thời hạn giải quyết</dt>
          <dd>{periodText(def.deadline, { fromReceipt: true })}</dd>
          <dt>Lệ phí</dt>
          <dd>
            {feeLines(def.fee).map((line) => (
              <div>{line}</div>
            ))}
            {feeNote(def.fee) && <div class="muted">{feeNote(def.fee)}</div>}
          </dd>
        </dl>
        <details>
          <summary>Căn cứ pháp lý</summary>
          <ul>
            {def.legalBasis.map((basis) => (
              <li>{basis}</li>
            ))}
          </ul>
        </details>
      </div>
      <form method="post" enctype="multipart/form-data">
        <p class="help">
          Các mục có dấu <span class="req">*</span> là bắt buộc.
        </p>
        <h2>Thông tin tờ khai</h2>
        {def.form.map((field) => (
          <Field field={field} value={state.values[field.key] ?? ''} error={state.errors[fieldInput(field.key)]} />
        ))}
        {def.documents.length > 0 && (
          <>
            <h2>Giấy tờ kèm theo</h2>
            <p class="help">Chụp rõ nét hoặc quét thành PDF, mỗi giấy tờ một tệp.</p>
            {def.documents.map((doc) => (
              <DocumentField doc={doc} error={state.errors[documentInput(doc.key)]} />
            ))}
          </>
        )}
        <button type="submit">Gửi hồ sơ</button>
      </form>
    </Layout>
  );
}

function ErrorSummary({ state, hasDocuments }: { state: FormState; hasDocuments: boolean }) {
  return (
    <div class="summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">Hồ sơ chưa gửi được, vui lòng sửa các lỗi sau</h2>
      <ul>
        {state.general.map((message) => (
          <li>{message}</li>
        ))}
        {Object.entries(state.errors).map(([name, message]) => (
          <li>
            <a href={`#${inputId(name)}`}>{message}</a>
          </li>
        ))}
      </ul>
      {/* Browsers never refill file inputs. */}
      {hasDocuments && <p>Vui lòng chọn lại các tệp đính kèm trước khi gửi lại.</p>}
    </div>
  );
}

const RequiredMark = ({ on }: { on: boolean }) =>
  on ? (
    <span class="req" aria-hidden="true">
      {' '}
      *
    </span>
  ) : null;

/** Help and error paragraphs, and the `aria-describedby` that points the input at them. */
function hints(id: string, help: string | undefined, error: string | undefined) {
  const describedBy = [help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const a11y = { 'aria-describedby': describedBy, 'aria-invalid': error ? ('true' as const) : undefined };
  const paragraphs = (
    <>
      {help && (
        <p id={`${id}-help`} class="help">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="error">
          {error}
        </p>
      )}
    </>
  );
  return { a11y, paragraphs };
}

function Field({ field, value, error }: { field: FormField; value: string; error: string | undefined }) {
  const name = fieldInput(field.key);
  const id = inputId(name);
  const { a11y, paragraphs } = hints(id, field.help?.vi, error);
  if (field.type === 'boolean') {
    return (
      <fieldset class="field" aria-describedby={a11y['aria-describedby']}>
        <legend>
          {field.label.vi}
          <RequiredMark on={field.required} />
        </legend>
        {paragraphs}
        {[
          ['true', 'Có'],
          ['false', 'Không'],
        ].map(([choice, label], i) => (
          <label class="choice">
            <input type="radio" id={i === 0 ? id : undefined} name={name} value={choice} checked={value === choice} required={field.required} aria-invalid={a11y['aria-invalid']} />
            {label}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <div class="field">
      <label for={id}>
        {field.label.vi}
        <RequiredMark on={field.required} />
      </label>
      {paragraphs}
      <Control field={field} attrs={{ id, name, required: field.required, ...a11y }} value={value} />
    </div>
  );
}

type ControlAttrs = { id: string; name: string; required: boolean; 'aria-describedby'?: string; 'aria-invalid'?: 'true' };

function Control({ field, attrs, value }: { field: FormField; attrs: ControlAttrs; value: string }) {
  switch (field.type) {
    case 'textarea':
      return (
        <textarea {...attrs} rows={4} maxlength={field.maxLength}>
          {value}
        </textarea>
      );
    case 'select':
      return (
        <select {...attrs}>
          <option value="">— Chọn —</option>
          {(field.options ?? []).map((o) => (
            <option value={o.value} selected={value === o.value}>
              {o.label.vi}
            </option>
          ))}
        </select>
      );
    case 'number':
      return <input {...attrs} type="number" inputmode="decimal" step="any" min={field.min} max={field.max} value={value} />;
    case 'date':
      return <input {...attrs} type="date" value={value} />;
    case 'phone':
      return <input {...attrs} type="tel" inputmode="tel" autocomplete="tel" value={value} />;
    case 'cccd':
      return <input {...attrs} type="text" inputmode="numeric" maxlength={12} autocomplete="off" value={value} />;
    case 'email':
      return <input {...attrs} type="email" autocomplete="email" value={value} />;
    default:
      return <input {...attrs} type="text" maxlength={field.maxLength} autocomplete={field.key === NAME_FIELD ? 'name' : undefined} value={value} />;
  }
}

function DocumentField({ doc, error }: { doc: DocumentSpec; error: string | undefined }) {
  const name = documentInput(doc.key);
  const id = inputId(name);
  const { a11y, paragraphs } = hints(id, `Nhận ${acceptText(doc.accept)}, tối đa ${decimal(doc.maxSizeMb)} MB.`, error);
  return (
    <div class="field">
      <label for={id}>
        {doc.label.vi}
        <RequiredMark on={doc.required} />
      </label>
      {paragraphs}
      <input type="file" id={id} name={name} accept={doc.accept.join(',')} required={doc.required} {...a11y} />
    </div>
  );
}

export function ConfirmationPage({ ctx, code, statusUrl }: { ctx: SubmitContext; code: string; statusUrl: string }) {
  return (
    <Layout title="Đã gửi hồ sơ">
      <h1>Đã gửi hồ sơ</h1>
      <p>
        {ctx.unit.name} đã nhận hồ sơ {ctx.definition.name.vi} của bạn.
      </p>
      <p>
        Mã hồ sơ: <span class="code">{code}</span>
      </p>
      <p>
        Cán bộ sẽ kiểm tra hồ sơ và báo kết quả tiếp nhận qua tin nhắn Zalo. Thời hạn giải quyết: {periodText(ctx.definition.deadline, { fromReceipt: true })}.
      </p>
      <p>
        <a href={statusUrl}>Xem tình trạng hồ sơ</a>
      </p>
    </Layout>
  );
}
