'use strict';
// An in-memory JobModel with the bookshelf-style surface the job manager uses: findOne, add and
// edit return promises, and records expose `id` and `get(attribute)`.

function createMemoryJobModel() {
    const recordsByName = new Map();
    const recordsById = new Map();
    const calls = {findOne: 0, add: 0, edit: 0};
    let nextId = 1;

    const makeRecord = (attributes) => {
        const record = {
            id: String(nextId++),
            attributes: {...attributes},
            get(key) {
                return this.attributes[key];
            }
        };
        recordsByName.set(record.attributes.name, record);
        recordsById.set(record.id, record);
        return record;
    };

    return {
        calls,
        records: recordsById,
        async findOne({name}) {
            calls.findOne += 1;
            return recordsByName.get(name) || null;
        },
        async add(attributes) {
            calls.add += 1;
            return makeRecord(attributes);
        },
        async edit(changes, {id}) {
            calls.edit += 1;
            const record = recordsById.get(id);
            if (!record) {
                throw new Error(`JobModel.edit: no record with id ${id}`);
            }
            Object.assign(record.attributes, changes);
            return record;
        }
    };
}

module.exports = {createMemoryJobModel};
