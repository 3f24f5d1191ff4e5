'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const JobManager = require('..');

const declarations = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');

/** Member names declared in the body of `declare class JobManager { ... }`. */
function declaredClassMembers() {
    const body = declarations.slice(declarations.indexOf('declare class JobManager {'));
    const end = body.indexOf('\n}\n');
    return [...body.slice(0, end).matchAll(/^ {4}(?:static |readonly )?(\w+)\??[(:]/gm)]
        .map(match => match[1])
        .filter(name => name !== 'constructor');
}

test('typings declare every public member', () => {
    const members = declaredClassMembers();
    const jobManager = new JobManager({logger: false});

    assert.ok(members.length >= 15, `found only ${members.length} declared members`);
    for (const member of members) {
        const exists = member in jobManager || member in JobManager;
        assert.ok(exists, `index.d.ts declares ${member}, which JobManager does not have`);
    }
});

test('typings cover every prototype method', () => {
    const members = new Set(declaredClassMembers());
    const methods = Object.getOwnPropertyNames(JobManager.prototype).filter(name => name !== 'constructor');

    for (const method of methods) {
        assert.ok(members.has(method), `JobManager.prototype.${method} is missing from index.d.ts`);
    }
});

test('typings export the class with export =', () => {
    assert.match(declarations, /^export = JobManager;$/m);
});
