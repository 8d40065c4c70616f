// Every export, class member and event name declared in avatar-client.d.ts exists in avatar-client.js
// (and the JS exports nothing undeclared). Prints a JSON report; run by test_web_client_dev.py.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [, , webDir] = process.argv;
const require = createRequire(`${webDir}/package.json`);
const ts = require('typescript');
const source = ts.createSourceFile('d.ts', readFileSync(`${webDir}/avatar-client.d.ts`, 'utf8'), ts.ScriptTarget.Latest, true);

const declared = { exports: [], members: {}, events: [] };
for (const node of source.statements) {
  const exported = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isExportAssignment(node)) declared.exports.push('default');
  if (!exported) continue;
  if (ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node)) declared.exports.push(node.name.text);
  if (ts.isVariableStatement(node)) for (const d of node.declarationList.declarations) declared.exports.push(d.name.text);
  if (ts.isClassDeclaration(node)) {
    declared.members[node.name.text] = node.members
      .filter((m) => m.name && !ts.isConstructorDeclaration(m))
      .map((m) => m.name.text)
      .filter((name, i, all) => all.indexOf(name) === i);
  }
  if (ts.isInterfaceDeclaration(node) && node.name.text === 'AvatarEventMap') {
    declared.events = node.members.map((m) => m.name.text);
  }
}

globalThis.RTCPeerConnection ??= class {};
const mod = await import(pathToFileURL(`${webDir}/avatar-client.js`).href);
const missing = declared.exports.filter((name) => !(name in mod));
const undeclared = Object.keys(mod).filter((name) => !declared.exports.includes(name));
const client = new mod.AvatarClient();
const error = new mod.AvatarError('x', 'y');
const missingMembers = [
  ...declared.members.AvatarClient.filter((m) => !(m in client)).map((m) => `AvatarClient.${m}`),
  ...declared.members.AvatarError.filter((m) => !(m in error)).map((m) => `AvatarError.${m}`),
];
// events the JS dispatches: every _emit('name' / `${who}...speaking` and the server's message types
const js = readFileSync(`${webDir}/avatar-client.js`, 'utf8');
const emitted = new Set([...js.matchAll(/_emit\('([a-z]+)'/g)].map((m) => m[1]));
for (const who of ['user', 'bot']) for (const s of ['started', 'stopped']) emitted.add(`${who}${s}speaking`);
for (const type of Object.keys(mod.PROTOCOL.server)) emitted.add(type);
const undeclaredEvents = [...emitted].filter((e) => !declared.events.includes(e));
const unemitted = declared.events.filter((e) => !emitted.has(e));
console.log(JSON.stringify({ declared, missing, undeclared, missingMembers, undeclaredEvents, unemitted }));
