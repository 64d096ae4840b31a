// Ordering of identifiers (tag names, CVE ids, digests) by UTF-16 code unit. `localeCompare` would do the same
// job for these ASCII identifiers but initialises ICU's collator on first use (tens of milliseconds of every
// run), and a locale-dependent order is not wanted for identifiers anyway.
/** -1, 0 or 1 by code unit: a stable, locale-free order for `Array.prototype.sort`. */
function byCodeUnit(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

export { byCodeUnit as b };
