#!/usr/bin/env node
'use strict';

const USAGE = `Usage: ferrous-job-manager next "<schedule>" [-n <count>] [--tz <zone>] [--from <time>]

Prints the next run times of a schedule, one per line: the UTC time in ISO 8601, then the
wall-clock time in the zone the schedule is read in.

  <schedule>         a cron expression (6 fields with seconds first, or 5 fields)
                     or a text schedule such as "every 5 minutes" or "at 10:15 am"
  -n, --count <n>    how many run times to print (default 5)
  --tz <zone>        IANA time zone to read the schedule in, such as Europe/London
                     (default: the local zone, which follows the TZ variable)
  --from <time>      print runs after this instant, in ISO 8601 (default: now)
  -h, --help         show this help

Exit status: 0 on success, 2 for an invalid schedule or invalid arguments.`;

class UsageError extends Error {}

/** Splits `argv` into the subcommand, the schedule and the options. */
function parseArguments(argv) {
    const options = {count: 5, timezone: undefined, from: new Date(), help: false};
    const positional = [];
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        let [flag, inline] = [argument, undefined];
        if (argument.startsWith('--') && argument.includes('=')) {
            [flag, inline] = [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)];
        } else if (/^-n\d/.test(argument)) {
            [flag, inline] = ['-n', argument.slice(2)];
        }
        const value = () => {
            if (inline !== undefined) {
                return inline;
            }
            index += 1;
            if (index >= argv.length) {
                throw new UsageError(`option ${flag} needs a value`);
            }
            return argv[index];
        };
        if (flag === '-h' || flag === '--help') {
            options.help = true;
        } else if (flag === '-n' || flag === '--count') {
            const text = value();
            options.count = Number(text);
            if (!/^\d+$/.test(text) || options.count < 1 || options.count > 10000) {
                throw new UsageError(`${flag} must be a whole number from 1 to 10000, received "${text}"`);
            }
        } else if (flag === '--tz' || flag === '--timezone') {
            options.timezone = value();
        } else if (flag === '--from') {
            const text = value();
            options.from = new Date(text);
            if (Number.isNaN(options.from.getTime())) {
                throw new UsageError(`--from must be an ISO 8601 time such as 2026-03-11T09:00:00Z, received "${text}"`);
            }
        } else if (flag.startsWith('-') && flag.length > 1 && !/^-\d/.test(flag)) {
            throw new UsageError(`unknown option ${flag}`);
        } else {
            positional.push(argument);
        }
    }
    return {positional, options};
}

/** Formats `date` as the wall-clock time in `timezone` (local when undefined), with its UTC offset. */
function wallClock(date, timezone) {
    const format = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23'
    });
    const part = Object.fromEntries(format.formatToParts(date).map(({type, value}) => [type, value]));
    const wallMs = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
    const offsetMinutes = Math.round((wallMs - Math.floor(date.getTime() / 1000) * 1000) / 60000);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
    const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
    return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second} ${sign}${hours}:${minutes}`;
}

function main(argv) {
    let parsed;
    try {
        parsed = parseArguments(argv);
    } catch (err) {
        if (!(err instanceof UsageError)) {
            throw err;
        }
        process.stderr.write(`ferrous-job-manager: ${err.message}\n\n${USAGE}\n`);
        return 2;
    }
    const {positional, options} = parsed;
    if (options.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (positional[0] !== 'next' || positional.length !== 2) {
        const problem = positional[0] === 'next' ? 'expected one schedule after "next"' : 'expected the command "next"';
        process.stderr.write(`ferrous-job-manager: ${problem}\n\n${USAGE}\n`);
        return 2;
    }

    const {nextRuns} = require('../lib/schedule');
    const at = positional[1];
    let runs;
    try {
        runs = nextRuns(at, {count: options.count, from: options.from, timezone: options.timezone});
    } catch (err) {
        const reason = err.reason || err.message;
        // A bad --tz gets a reason that names the zone itself.
        const message = reason.startsWith('invalid time zone') ? reason : `invalid schedule ${JSON.stringify(at)}: ${reason}`;
        process.stderr.write(`ferrous-job-manager: ${message}\n`);
        return 2;
    }
    for (const run of runs) {
        process.stdout.write(`${run.toISOString()}  ${wallClock(run, options.timezone)}\n`);
    }
    return 0;
}

process.exitCode = main(process.argv.slice(2));
