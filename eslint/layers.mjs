// The layers of the house and the one direction imports run in (README "Layout"). A file's layer is
// decided by its folder; an import into a layer the file may not use, or of a package kept to one
// place, fails lint (and so `npm test`).
//
//   core ◄── durable ◄── domain        core: errors, log, HTTP seam, conventions, ports
//    ▲  ▲       ▲          ▲           durable: blob storage, inbox, leases, turns
//    │  └─ adapters/       │           domain: communities, submissions
//    └──── dialogs/ ───────┘           application (src/app, src/*.ts): the only layer that imports
//                                      adapters/ and dialogs/
import path from 'node:path';

const ROOT = path.dirname(path.dirname(new URL(import.meta.url).pathname));

/** Each layer and the layers it may import (itself included). */
export const MAY_IMPORT = {
  core: ['core'],
  durable: ['core', 'durable'],
  domain: ['core', 'durable', 'domain'],
  adapters: ['core', 'durable', 'adapters'],
  dialogs: ['core', 'domain', 'dialogs'],
  app: ['core', 'durable', 'domain', 'adapters', 'dialogs', 'app'],
};

/** Packages only one place may load (importing the adapters must not start a server or a telemetry SDK). */
const PACKAGE_HOMES = [
  { name: 'restify', home: ['src/app/server.ts'] },
  { name: '@azure/storage-blob', home: ['src/durable/storage/'] },
  { name: 'azurite', home: ['src/durable/storage/azuriteProcess.ts'] },
  { name: 'applicationinsights', home: ['src/app/telemetry/'] },
  { name: 'botbuilder-applicationinsights', home: ['src/app/telemetry/'] },
];

/** The layer of a file (a path relative to the repository), or undefined outside the layered roots. */
export function layerOf(relative) {
  const parts = relative.split(path.sep).join('/').split('/');
  if (parts[0] === 'adapters') return 'adapters';
  if (parts[0] === 'dialogs') return 'dialogs';
  if (parts[0] !== 'src') return undefined;
  if (parts.length === 2) return 'app';
  return { core: 'core', durable: 'durable', domain: 'domain', app: 'app' }[parts[1]] ?? 'unplaced';
}

const importsRunOneWay = {
  meta: {
    type: 'problem',
    docs: { description: 'imports run one way: core ← durable, domain ← adapters/, dialogs/ ← application' },
    schema: [],
    messages: {
      layer:
        "{{from}} may not import {{to}} ('{{spec}}'): a {{from}} file may import only {{allowed}}. See README, Layout.",
      unplaced: '{{file}} is in no layer: put it under src/core, src/durable, src/domain or src/app.',
      package: "'{{spec}}' is loaded only by {{homes}}: importing the rest must not load it.",
    },
  },
  create(context) {
    const file = path.relative(ROOT, context.filename);
    const from = layerOf(file);
    if (from === undefined) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const target = path.relative(ROOT, path.resolve(path.dirname(context.filename), spec));
        const to = layerOf(target);
        if (to === undefined || to === 'unplaced') return;
        if (!MAY_IMPORT[from]?.includes(to))
          context.report({
            node,
            messageId: 'layer',
            data: { from, to, spec, allowed: (MAY_IMPORT[from] ?? []).join(', ') },
          });
        return;
      }
      const rule = PACKAGE_HOMES.find((p) => spec === p.name || spec.startsWith(`${p.name}/`));
      const posix = file.split(path.sep).join('/');
      if (rule && !rule.home.some((h) => (h.endsWith('/') ? posix.startsWith(h) : posix === h)))
        context.report({ node, messageId: 'package', data: { spec, homes: rule.home.join(', ') } });
    };
    return {
      Program(node) {
        if (from === 'unplaced') context.report({ node, messageId: 'unplaced', data: { file } });
      },
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node, node.moduleReference.expression.value),
    };
  },
};

export const layers = { rules: { 'imports-run-one-way': importsRunOneWay } };
