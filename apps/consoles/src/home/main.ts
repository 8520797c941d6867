/// <reference lib="dom" />
import { h, mount } from '../shared/dom.js';
import { onLangChange, t, type MessageKey } from '../shared/i18n.js';
import { createShell } from '../shared/shell.js';

// The landing page: one link per console, in the order people meet them.
const CONSOLES: [string, MessageKey, MessageKey][] = [
  ['/firm/', 'consoleFirm', 'descFirm'],
  ['/yard/', 'consoleYard', 'descYard'],
  ['/customs/', 'consoleCustoms', 'descCustoms'],
  ['/border/', 'consoleBorder', 'descBorder'],
  ['/admin/', 'consoleAdmin', 'descAdmin'],
  ['/board/', 'consoleBoard', 'descBoard'],
];

const shell = createShell({ title: 'homeTitle', live: false });
const render = () =>
  mount(
    shell.main,
    h('p', { class: 'lead' }, t('homeIntro')),
    h(
      'nav',
      { class: 'consoles' },
      CONSOLES.map(([href, key, desc]) =>
        h(
          'a',
          { href, class: 'card console-link' },
          h('b', null, t(key)),
          h('span', { class: 'muted small' }, t(desc)),
        ),
      ),
    ),
    h('p', { class: 'muted small' }, h('a', { href: '/api/docs' }, t('apiDocs'))),
  );
onLangChange(render);
render();
