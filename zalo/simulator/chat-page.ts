// GET /: a phone-sized chat page where a person plays a resident. Self-contained (inline CSS and
// JS, no CDN); it only uses the control API, so it sees exactly what tests see.
import { html, raw } from 'hono/html';
import type { Oa } from './state.js';

export function chatPage(oas: Oa[]) {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Zalo mô phỏng — trò chuyện với Official Account</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main class="phone">
  <header>
    <h1>Zalo <span>mô phỏng</span></h1>
    <details id="setup" open>
      <summary>Tài khoản và người dùng</summary>
      <div class="field">
        <label for="oa">Official Account</label>
        <select id="oa">
          ${oas.length === 0 ? html`<option value="">Chưa có OA nào (đăng ký qua POST /_sim/oas)</option>` : ''}
          ${oas.map((oa) => html`<option value="${oa.oa_id}">${oa.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="user">Người dùng</label>
        <select id="user"></select>
      </div>
      <form id="create-user" class="row">
        <label for="new-name" class="visually-hidden">Tên hiển thị của người dùng mới</label>
        <input id="new-name" placeholder="Tên hiển thị người dùng mới" required maxlength="100" autocomplete="off">
        <label class="check"><input type="checkbox" id="new-follow" checked> Quan tâm OA</label>
        <button type="submit">Tạo</button>
      </form>
      <button type="button" id="follow" disabled>Quan tâm OA</button>
    </details>
  </header>
  <ol id="messages" aria-live="polite" aria-label="Cuộc trò chuyện"></ol>
  <p id="status" role="status"></p>
  <form id="composer" class="row">
    <label class="photo">Gửi ảnh<input type="file" id="photo" accept="image/jpeg,image/png,image/gif"></label>
    <label for="text" class="visually-hidden">Tin nhắn</label>
    <input id="text" placeholder="Nhập tin nhắn" autocomplete="off" maxlength="2000">
    <button type="submit">Gửi</button>
  </form>
</main>
<script>${raw(SCRIPT)}</script>
</body>
</html>`;
}

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #dfe5ec; color: #1b1b1b; }
.phone { max-width: 420px; height: 100vh; margin: 0 auto; display: flex; flex-direction: column; background: #f1f4f8; }
header { background: #0068ff; color: #fff; padding: 8px 12px; }
h1 { font-size: 18px; margin: 0 0 4px; }
h1 span { font-weight: normal; opacity: .85; }
summary { cursor: pointer; }
.field { display: flex; flex-direction: column; margin: 6px 0; }
.row { display: flex; gap: 6px; align-items: center; }
input, select, button, .photo { font: inherit; border-radius: 6px; border: 1px solid #b8c4d2; padding: 6px 8px; }
input:not([type=checkbox]) { flex: 1; min-width: 0; }
button, .photo, .btn { background: #fff; color: #0047b3; cursor: pointer; }
header button { margin-top: 6px; }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, .photo:focus-within { outline: 3px solid #ffbf47; outline-offset: 1px; }
.check { white-space: nowrap; }
#messages { flex: 1; overflow-y: auto; list-style: none; margin: 0; padding: 10px; }
#messages li { max-width: 85%; margin: 6px 0; padding: 8px 10px; border-radius: 10px; background: #fff; overflow-wrap: anywhere; white-space: pre-wrap; }
#messages li.in { margin-left: auto; background: #d4e7ff; }
#messages li img { max-width: 100%; border-radius: 6px; display: block; }
#messages time, .label { display: block; font-size: 12px; color: #5b6b7c; }
.buttons { display: flex; flex-direction: column; gap: 4px; margin-top: 6px; }
.btn { display: block; text-align: center; text-decoration: none; border: 1px solid #b8c4d2; border-radius: 6px; padding: 6px; }
.info-form .field input { width: 100%; }
#status { margin: 0; padding: 0 10px; min-height: 1.4em; color: #a4262c; }
#composer { padding: 8px; background: #fff; border-top: 1px solid #cfd8e3; }
.photo { position: relative; white-space: nowrap; }
.photo input { position: absolute; inset: 0; opacity: 0; width: 100%; cursor: pointer; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

// No template literals, backslashes or "</" in here: it is embedded verbatim in a <script>.
const SCRIPT = `
'use strict';
var $ = function (id) { return document.getElementById(id); };
var state = { oa: '', user: '', shown: new Set(), submitted: new Set() };

var WEBHOOK_STATUS = {
  failed: 'Webhook chưa nhận được sự kiện; sẽ gửi lại sau.',
  no_webhook: 'Ứng dụng của OA chưa đăng ký webhook.',
  disabled: 'Webhook của ứng dụng đã bị hủy sau nhiều lần gửi lỗi.',
};

function say(text) { $('status').textContent = text || ''; }

function api(method, path, body) {
  var init = { method: method, headers: {} };
  if (body instanceof FormData) init.body = body;
  else if (body) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
  return fetch(path, init).then(function (res) {
    return res.json().catch(function () { return {}; }).then(function (data) {
      if (!res.ok) throw new Error(data.message || res.statusText);
      return data;
    });
  });
}

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function act(event) {
  if (!state.oa || !state.user) return Promise.reject(new Error('Hãy chọn OA và người dùng trước.'));
  event.oa_id = state.oa;
  return api('POST', '/_sim/users/' + encodeURIComponent(state.user) + '/events', event).then(function (result) {
    say(WEBHOOK_STATUS[result.status] || '');
    return poll();
  });
}

function loadUsers(selected) {
  state.oa = $('oa').value;
  localStorage.setItem('sim.oa', state.oa);
  if (!state.oa) return Promise.resolve();
  return api('GET', '/_sim/users?oa_id=' + encodeURIComponent(state.oa)).then(function (users) {
    var select = $('user');
    select.textContent = '';
    users.forEach(function (u) {
      var option = el('option', '', u.display_name + ' (' + u.user_id + ')');
      option.value = u.user_id;
      select.appendChild(option);
    });
    if (selected && users.some(function (u) { return u.user_id === selected; })) select.value = selected;
    return selectUser();
  });
}

function selectUser() {
  state.user = $('user').value;
  localStorage.setItem('sim.user', state.user);
  state.shown = new Set();
  $('messages').textContent = '';
  $('follow').disabled = !state.user;
  return poll();
}

function poll() {
  if (!state.oa || !state.user) return Promise.resolve();
  var user = state.user;
  return api('GET', '/_sim/conversation?oa_id=' + encodeURIComponent(state.oa) + '&user_id=' + encodeURIComponent(user)).then(function (conv) {
    if (user !== state.user) return;
    var follow = $('follow');
    follow.textContent = conv.user.is_follower ? 'Bỏ quan tâm OA' : 'Quan tâm OA';
    follow.dataset.following = String(conv.user.is_follower);
    var list = $('messages');
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    conv.messages.forEach(function (m) {
      var key = m.direction + ':' + (m.msg_id || m.message_id);
      if (state.shown.has(key)) return;
      state.shown.add(key);
      list.appendChild(m.direction === 'in' ? renderIn(m) : renderOut(m));
    });
    if (atBottom) list.scrollTop = list.scrollHeight;
  });
}

function stamp(li, at, who) {
  var time = el('time', '', who + ' · ' + new Date(at).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' }));
  time.dateTime = new Date(at).toISOString();
  li.appendChild(time);
}

function image(url, alt) {
  var img = el('img');
  img.src = url;
  img.alt = alt;
  return img;
}

function renderIn(m) {
  var li = el('li', 'in');
  stamp(li, m.at, 'Bạn');
  if (m.type === 'image') li.appendChild(image(m.url, 'Ảnh bạn đã gửi'));
  if (m.type === 'file' || m.type === 'link') {
    var a = el('a', '', m.name || m.text || m.url);
    a.href = m.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    li.appendChild(a);
  } else if (m.text) li.appendChild(el('span', '', m.text));
  if (m.type === 'sticker') li.appendChild(el('span', '', '[Nhãn dán]'));
  return li;
}

function renderOut(m) {
  var li = el('li', 'out');
  var payload = (m.attachment && m.attachment.payload) || {};
  stamp(li, m.at, m.type === 'zns' ? 'Thông báo ZNS' : 'OA');
  if (m.media_url && m.type !== 'file') li.appendChild(image(m.media_url, 'Ảnh từ OA'));
  if (m.type === 'file') {
    var a = el('a', 'btn', 'Tải tệp đính kèm');
    a.href = m.media_url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    li.appendChild(a);
  }
  if (m.text) li.appendChild(el('div', '', m.text));
  if (m.type === 'request_user_info') li.appendChild(infoForm(m, payload.elements[0]));
  if (m.type === 'transaction' || m.type === 'promotion') (payload.elements || []).forEach(function (e) { li.appendChild(element(e)); });
  if (m.template_id) {
    li.appendChild(el('span', 'label', 'Mẫu ' + m.template_id));
    Object.keys(m.template_data || {}).forEach(function (k) { li.appendChild(el('div', '', k + ': ' + m.template_data[k])); });
  }
  if (payload.buttons && payload.buttons.length) li.appendChild(buttons(payload.buttons));
  return li;
}

function element(e) {
  if (e.type === 'banner' && e.image_url) return image(e.image_url, '');
  if (e.type === 'header') return el('strong', '', e.content);
  if (e.type === 'table') {
    var dl = el('dl');
    (e.content || []).forEach(function (row) { dl.appendChild(el('dt', '', row.key)); dl.appendChild(el('dd', '', row.value)); });
    return dl;
  }
  return el('div', '', String(e.content || '').split('<br>').join(String.fromCharCode(10)));
}

function buttons(list) {
  var box = el('div', 'buttons');
  list.forEach(function (b) {
    var node;
    if (b.type === 'oa.open.url' || b.type === 'oa.open.phone' || b.type === 'oa.open.sms') {
      node = el('a', 'btn', b.title);
      if (b.type === 'oa.open.url') { node.href = b.payload.url; node.target = '_blank'; node.rel = 'noopener noreferrer'; }
      if (b.type === 'oa.open.phone') node.href = 'tel:+' + b.payload.phone_code;
      if (b.type === 'oa.open.sms') node.href = 'sms:+' + b.payload.phone_code + '?body=' + encodeURIComponent(b.payload.content || '');
    } else {
      node = el('button', 'btn', b.title);
      node.type = 'button';
      node.addEventListener('click', function () {
        act({ type: 'text', text: b.payload, hidden: b.type === 'oa.query.hide' }).catch(function (e) { say(e.message); });
      });
    }
    box.appendChild(node);
  });
  return box;
}

var FIELDS = [['name', 'Họ và tên', 'name'], ['phone', 'Số điện thoại', 'tel'], ['address', 'Địa chỉ', 'street-address'], ['ward', 'Phường/Xã', 'off'], ['city', 'Tỉnh/Thành phố', 'address-level1']];

function infoForm(m, e) {
  var box = el('div', 'info-form');
  box.appendChild(el('strong', '', e.title));
  if (e.subtitle) box.appendChild(el('div', '', e.subtitle));
  if (state.submitted.has(m.message_id)) { box.appendChild(el('p', '', 'Đã gửi thông tin.')); return box; }
  var form = el('form');
  FIELDS.forEach(function (f) {
    var id = 'info-' + m.message_id + '-' + f[0];
    var field = el('div', 'field');
    var label = el('label', '', f[1]);
    label.htmlFor = id;
    var input = el('input');
    input.id = id;
    input.name = f[0];
    input.autocomplete = f[2];
    input.required = f[0] !== 'ward' && f[0] !== 'city';
    if (f[0] === 'phone') input.type = 'tel';
    field.appendChild(label);
    field.appendChild(input);
    form.appendChild(field);
  });
  var submit = el('button', '', 'Chia sẻ thông tin');
  submit.type = 'submit';
  form.appendChild(submit);
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var data = new FormData(form);
    var event = { type: 'submit_info', shape: 'new' };
    FIELDS.forEach(function (f) { if (data.get(f[0])) event[f[0]] = data.get(f[0]); });
    act(event).then(function () {
      state.submitted.add(m.message_id);
      form.replaceWith(el('p', '', 'Đã gửi thông tin.'));
    }).catch(function (e) { say(e.message); });
  });
  box.appendChild(form);
  return box;
}

$('oa').addEventListener('change', function () { loadUsers().catch(function (e) { say(e.message); }); });
$('user').addEventListener('change', function () { selectUser().catch(function (e) { say(e.message); }); });

$('create-user').addEventListener('submit', function (ev) {
  ev.preventDefault();
  if (!state.oa) return say('Hãy chọn OA trước.');
  var follow = $('new-follow').checked;
  api('POST', '/_sim/users', { oa_id: state.oa, display_name: $('new-name').value, follow: false }).then(function (user) {
    $('new-name').value = '';
    return loadUsers(user.user_id).then(function () { return follow ? act({ type: 'follow' }) : null; });
  }).catch(function (e) { say(e.message); });
});

$('follow').addEventListener('click', function () {
  var following = $('follow').dataset.following === 'true';
  act({ type: following ? 'unfollow' : 'follow' }).catch(function (e) { say(e.message); });
});

$('composer').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var text = $('text').value.trim();
  if (!text) return;
  act({ type: 'text', text: text }).then(function () { $('text').value = ''; }).catch(function (e) { say(e.message); });
});

$('photo').addEventListener('change', function () {
  var file = $('photo').files[0];
  if (!file) return;
  var form = new FormData();
  form.append('file', file);
  api('POST', '/_sim/files', form).then(function (stored) {
    return act({ type: 'image', url: stored.url });
  }).catch(function (e) { say(e.message); }).then(function () { $('photo').value = ''; });
});

var savedOa = localStorage.getItem('sim.oa');
if (savedOa && Array.prototype.some.call($('oa').options, function (o) { return o.value === savedOa; })) $('oa').value = savedOa;
loadUsers(localStorage.getItem('sim.user')).catch(function (e) { say(e.message); });
setInterval(function () { poll().catch(function (e) { say(e.message); }); }, 1000);
`;
