'use strict';
// Renders the summary rows as an aligned text table or a markdown table.

/** Formats a number with precision suited to its size: 12,345 / 123.4 / 1.23 / 0.012. */
function formatNumber(value) {
    if (!Number.isFinite(value)) {
        return String(value);
    }
    const magnitude = Math.abs(value);
    if (magnitude >= 1000 || Number.isInteger(value)) {
        return Math.round(value).toLocaleString('en-US');
    }
    if (magnitude >= 100) {
        return value.toFixed(0);
    }
    if (magnitude >= 10) {
        return value.toFixed(1);
    }
    if (magnitude >= 0.1 || magnitude === 0) {
        return value.toFixed(2);
    }
    return value.toPrecision(2);
}

const BOUND_PREFIX = {below: '< ', above: '> '};

/** Formats a figure as "median (min..max)", with "<"/">" for bounds and the spread when it has one. */
function formatFigure(figure) {
    if (!figure) {
        return 'failed';
    }
    if (figure.missing) {
        return figure.missing;
    }
    if (figure.text !== undefined) {
        return figure.text;
    }
    let text = (BOUND_PREFIX[figure.bound] || '') + formatNumber(figure.value);
    if (figure.count > 1 && figure.min !== figure.max) {
        text += ` (${formatNumber(figure.min)}..${formatNumber(figure.max)})`;
    }
    if (figure.companion !== undefined) {
        text += ` of ${formatNumber(figure.companion)}`;
    }
    if (figure.failedRuns) {
        text += ` [${figure.failedRuns} run(s) failed]`;
    }
    return text;
}

function formatRatio(ratio) {
    if (!ratio) {
        return '-';
    }
    return `${BOUND_PREFIX[ratio.bound] || ''}${formatNumber(ratio.value)}x`;
}

function formatVerdict(row) {
    if (row.target === null) {
        return '';
    }
    if (row.met === true) {
        return 'met';
    }
    if (row.met === false) {
        return 'NOT MET';
    }
    return 'undecided';
}

const HEADER = ['Scenario', 'Figure', 'Unit', 'Ours', 'Original', 'Ratio', 'Target', 'Met'];

function cells(row) {
    return [
        row.scenario,
        row.label,
        row.unit,
        formatFigure(row.ours),
        formatFigure(row.original),
        formatRatio(row.ratio),
        row.target || '',
        formatVerdict(row)
    ];
}

function textTable(rows) {
    const lines = [HEADER, ...rows.map(cells)];
    const widths = HEADER.map((_, column) => Math.max(...lines.map(line => line[column].length)));
    const render = line => line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
    const rule = widths.map(width => '-'.repeat(width)).join('  ');
    return [render(lines[0]), rule, ...lines.slice(1).map(render)].join('\n');
}

function markdownTable(rows) {
    const escape = cell => cell.replace(/\|/g, '\\|');
    const render = line => `| ${line.map(escape).join(' | ')} |`;
    return [render(HEADER), render(HEADER.map(() => '---')), ...rows.map(row => render(cells(row)))].join('\n');
}

module.exports = {textTable, markdownTable, formatNumber};
