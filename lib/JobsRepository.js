'use strict';

/**
 * Reads and writes job records through the JobModel given to the manager, with the same calls
 * as the original: `findOne({name})`, `add(data)`, `edit(data, {id})`, `destroy({id})`.
 */
class JobsRepository {
    /**
     * @param {object} options
     * @param {object} options.JobModel
     * @param {{error: Function}} [options.logger]
     */
    constructor({JobModel, logger = console}) {
        this._JobModel = JobModel;
        this._logger = logger;
    }

    async add(data) {
        return this._JobModel.add(data);
    }

    async read(name) {
        return this._JobModel.findOne({name});
    }

    async update(id, data) {
        await this._JobModel.edit(data, {id});
    }

    async delete(id) {
        try {
            await this._JobModel.destroy({id});
        } catch (error) {
            this._logger.error(`Error deleting job ${id}:`, error);
        }
    }
}

module.exports = JobsRepository;
