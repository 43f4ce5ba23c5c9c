// The status board: reads api/status once a second and redraws the tables; no framework, no other origin.
'use strict';

const REFRESH_MS = 1000;
const sorts = {instances: {key: 'instance_id', dir: 1}, tasks: {key: 'task_name', dir: 1}};
let last = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([name, value]) => {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value);
    }
  });
  // Text from the API goes in as text, never as markup.
  children.forEach(child => node.append(child instanceof Node ? child : String(child ?? '')));
  return node;
}

function ago(iso, now) {
  if (!iso) {
    return '–';
  }
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  const abs = Math.abs(seconds);
  const text = abs < 90 ? abs + ' s' : abs < 5400 ? Math.round(abs / 60) + ' min' : Math.round(abs / 3600) + ' h';
  return seconds >= 0 ? text + ' ago' : 'in ' + text;
}

function dash(value) {
  return value === null || value === undefined || value === '' ? '–' : value;
}

function compare(a, b, key) {
  const x = a[key], y = b[key];
  if (Array.isArray(x)) {
    return x.length - y.length || String(x).localeCompare(String(y));
  }
  if (x === null || x === undefined) {
    return y === null || y === undefined ? 0 : 1;
  }
  if (y === null || y === undefined) {
    return -1;
  }
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}

function sorted(rows, table) {
  const {key, dir} = sorts[table];
  return [...rows].sort((a, b) => dir * compare(a, b, key) || compare(a, b, 'task_name'));
}

function instanceRow(instance, now) {
  const problem = instance.health === 'failing';
  const error = el('td', {class: 'error'});
  if (instance.error_code) {
    error.append(el('span', {class: 'error-code'}, instance.error_code));
    error.append(el('div', {class: 'advice'}, instance.advice));
  } else {
    error.append('–');
  }
  return el('tr', {'data-key': instance.instance_id, 'data-health': instance.health,
      class: problem ? 'problem' : instance.health === 'incomplete' ? 'incomplete' : null},
    el('td', {title: 'project ' + instance.project_id}, instance.instance_id),
    el('td', {class: 'health'}, instance.health.replace('_', ' ') +
        (instance.consecutive_failures > 1 ? ' (' + instance.consecutive_failures + '×)' : '')),
    el('td', {title: dash(instance.last_poll_at)}, ago(instance.last_poll_at, now)),
    error,
    el('td', {title: dash(instance.next_poll_at)}, instance.polling ? 'polling now' : ago(instance.next_poll_at, now)),
    el('td', {class: 'num'}, instance.tasks));
}

function taskRow(task, now) {
  return el('tr', {'data-key': task.instance_id + '/' + task.task_name, class: task.problems.length ? 'problem' : null},
    el('td', {title: task.instance_id + ': ' + dash(task.source_database) + ' → ' + dash(task.target_database)},
        task.task_name),
    el('td', {class: 'instance'}, task.instance_id),
    el('td', {class: task.status === 'no' ? 'status bad' : 'status'}, dash(task.status)),
    el('td', {class: task.stage === 'paused' ? 'stage bad' : 'stage'}, dash(task.stage)),
    el('td', {class: 'num'}, dash(task.percentage)),
    el('td', {}, dash(task.catchup_stage)),
    el('td', {class: 'num'}, dash(task.catchup_percentage)),
    el('td', {title: dash(task.since)}, task.since ? ago(task.since, now) : '–'),
    el('td', {class: 'problems'}, task.problems.map(p => p.replace('_', ' ')).join(', ') || '–'));
}

function eventRow(event, now) {
  return el('tr', {'data-key': event.ce_id},
    el('td', {title: event.time}, ago(event.time, now)),
    el('td', {}, event.type),
    el('td', {title: event.instance_id}, event.task_name),
    el('td', {}, dash(event.status)),
    el('td', {}, dash(event.stage)));
}

function fill(id, rows) {
  document.querySelector('#' + id + ' tbody').replaceChildren(...rows);
}

function render() {
  if (!last) {
    return;
  }
  const now = Date.parse(last.generated_at);
  const problemsOnly = document.getElementById('problems-only').checked;
  const instances = last.instances.filter(i => !problemsOnly || i.health === 'failing');
  const tasks = last.tasks.filter(t => !problemsOnly || t.problems.length);
  fill('instances', sorted(instances, 'instances').map(i => instanceRow(i, now)));
  fill('tasks', sorted(tasks, 'tasks').map(t => taskRow(t, now)));
  fill('events', last.events.map(e => eventRow(e, now)));
  const failing = last.instances.filter(i => i.health === 'failing').length;
  const problems = last.tasks.filter(t => t.problems.length).length;
  document.getElementById('summary').textContent = last.instances.length + ' instance(s), ' + failing
      + ' failing; ' + last.tasks.length + ' task(s), ' + problems + ' with problems; updated '
      + new Date(now).toLocaleTimeString();
  document.getElementById('task-count').textContent = problemsOnly ? tasks.length + ' of ' + last.tasks.length : '';
  const role = document.getElementById('role');
  role.textContent = last.role;
  role.className = 'role ' + last.role;
  role.title = last.role === 'leader' ? 'this process polls' : 'another process polls; this one stands by';
}

async function refresh() {
  try {
    const answer = await fetch('api/status', {cache: 'no-store'});
    if (!answer.ok) {
      throw new Error('HTTP ' + answer.status);
    }
    last = await answer.json();
    document.getElementById('offline').hidden = true;
    render();
  } catch (e) {
    document.getElementById('offline').hidden = false;
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

function sortBy(event) {
  const th = event.target.closest('th[data-sort]');
  if (!th) {
    return;
  }
  const table = th.closest('table').id;
  const sort = sorts[table];
  sort.dir = sort.key === th.dataset.sort ? -sort.dir : 1;
  sort.key = th.dataset.sort;
  th.closest('tr').querySelectorAll('th').forEach(h => h.removeAttribute('aria-sort'));
  th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
  render();
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('#instances thead, #tasks thead').forEach(head => head.addEventListener('click', sortBy));
  document.getElementById('problems-only').addEventListener('change', render);
  refresh();
});
