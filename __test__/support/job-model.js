'use strict';

const crypto = require('node:crypto');

/**
 * An in-memory JobModel with the interface the manager uses (findOne, add, edit, destroy) and a
 * log of every call, so tests can check the order and arguments of persistence calls.
 */
class MemoryJobModel {
    constructor() {
        this.records = new Map();
        this.calls = [];
        this.failOn = new Set();
    }

    #instance(record) {
        return {
            id: record.id,
            get: attribute => record[attribute],
            toJSON: () => ({...record})
        };
    }

    #maybeFail(method) {
        if (this.failOn.has(method)) {
            throw new Error(`JobModel.${method} failed on purpose`);
        }
    }

    async findOne({name}) {
        this.calls.push(['findOne', {name}]);
        this.#maybeFail('findOne');
        const record = [...this.records.values()].find(entry => entry.name === name);
        return record ? this.#instance(record) : null;
    }

    async add(data) {
        this.calls.push(['add', data]);
        this.#maybeFail('add');
        const record = {id: crypto.randomBytes(12).toString('hex'), status: 'queued', ...data};
        this.records.set(record.id, record);
        return this.#instance(record);
    }

    async edit(data, {id}) {
        this.calls.push(['edit', data, {id}]);
        this.#maybeFail('edit');
        const record = this.records.get(id);
        if (!record) {
            throw new Error(`No job record with id ${id}`);
        }
        Object.assign(record, data);
        return this.#instance(record);
    }

    async destroy({id}) {
        this.calls.push(['destroy', {id}]);
        this.records.delete(id);
    }

    statusOf(name) {
        const record = [...this.records.values()].find(entry => entry.name === name);
        return record ? record.status : undefined;
    }

    edits() {
        return this.calls.filter(([method]) => method === 'edit').map(([, data]) => data);
    }
}

module.exports = MemoryJobModel;
