export const id = 951;
export const ids = [951];
export const modules = {

/***/ 1951:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkLocalData: () => (/* binding */ checkLocalData)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8992);
/* harmony import */ var _workspace_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3338);
/* harmony import */ var _import_checker_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6923);
/* harmony import */ var _profile_thread_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5894);







// Workspace files checked in full, streamed (memory stays flat whatever their size), with the same rules as S3
// objects: a pull request's data can be checked before it is merged, with findings on its lines.
/** Files checked at most, over all patterns; the files named beyond them are counted (up to MAX_LISTED_FILES). */
const MAX_LOCAL_FILES = 1000;
const MAX_LISTED_FILES = 1_000_000;
const CHUNK_BYTES = 1024 * 1024;
async function checkLocalData(settings) {
    const report = { patterns: settings.patterns, files: [], records: 0, bytes: 0 };
    const maxFiles = settings.maxFiles ?? MAX_LOCAL_FILES;
    const matched = resolvePatterns(settings);
    const paths = matched.slice(0, maxFiles);
    const leftOut = matched.length - paths.length;
    settings.info(`Data checks: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_6__/* .plural */ .LS)(paths.length, 'workspace file')} to check in full`);
    if (leftOut > 0) {
        settings.findings.add({
            rule: 'files-not-checked',
            file: 'local-data',
            strict: settings.strict,
            what: `local-data names ${(0,_text_js__WEBPACK_IMPORTED_MODULE_6__/* .thousands */ .oh)(matched.length)} files; the first ${(0,_text_js__WEBPACK_IMPORTED_MODULE_6__/* .thousands */ .oh)(maxFiles)} were checked and ${(0,_text_js__WEBPACK_IMPORTED_MODULE_6__/* .thousands */ .oh)(leftOut)} ${leftOut === 1 ? 'was' : 'were'} not`,
        });
    }
    const thread = new _profile_thread_js__WEBPACK_IMPORTED_MODULE_5__/* .ProfileThread */ .c6();
    const checker = new _import_checker_js__WEBPACK_IMPORTED_MODULE_4__/* .ImportChecker */ .l(settings.schema, settings.datasetType, settings.findings, thread, settings.collect);
    try {
        for (const path of paths) {
            const full = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(settings.workspace, path);
            const file = await checker.read(path, chunksOf(full, settings.checkTime), true, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(full).size);
            checker.join(file);
            report.files.push({ path, bytes: file.bytes, records: file.checker.records });
            report.bytes += file.bytes;
        }
    }
    finally {
        await thread.close();
    }
    report.records = checker.records;
    const profile = paths.length > 0 ? checker.finish('local-data', leftOut === 0) : undefined;
    if (profile)
        report.profile = profile;
    if (checker.profileLost)
        settings.warn(`The data profile was not made: ${checker.profileLost.message}`);
    return report;
}
/**
 * The file's bytes through one reused buffer: nothing is allocated per chunk, so memory stays flat however large the
 * file (the reader keeps no reference to a chunk after it returns).
 */
async function* chunksOf(path, checkTime) {
    const file = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, 'r');
    try {
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        for (;;) {
            checkTime();
            const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
            if (bytesRead === 0)
                return;
            yield buffer.subarray(0, bytesRead);
        }
    }
    finally {
        await file.close();
    }
}
/** The files the patterns name, inside the workspace, each once, in order; a pattern that names none is an error. */
function resolvePatterns(settings) {
    const { workspace, findings } = settings;
    const found = new Set();
    for (const [index, pattern] of settings.patterns.entries()) {
        const matches = /[*?[{]/.test(pattern) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.globSync)(pattern, { cwd: workspace }).sort() : [pattern];
        let files = 0;
        for (const match of matches) {
            const path = checkedPath(workspace, match, findings, index);
            if (path === undefined)
                continue;
            files += 1;
            if (found.size < MAX_LISTED_FILES)
                found.add(path);
        }
        if (files === 0) {
            findings.add({
                rule: 'no-data',
                file: 'local-data',
                what: `local-data line ${index + 1} names no file in the workspace`,
            });
        }
    }
    return [...found];
}
/** A regular file inside the workspace (symlinks resolved), as a path relative to it; undefined otherwise. */
function checkedPath(workspace, match, findings, index) {
    let real;
    try {
        real = (0,_workspace_js__WEBPACK_IMPORTED_MODULE_3__/* .insideWorkspace */ .C)(workspace, match);
    }
    catch (error) {
        if (/outside the workspace/.test(error.message)) {
            findings.add({
                rule: 'outside-workspace',
                file: 'local-data',
                what: `local-data line ${index + 1} names a file outside the workspace (a symlink?): it is not read`,
            });
        }
        return undefined;
    }
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(real).isFile())
        return undefined;
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)((0,_workspace_js__WEBPACK_IMPORTED_MODULE_3__/* .insideWorkspace */ .C)(workspace, '.'), real);
}


/***/ })

};
