export const id = 950;
export const ids = [950];
export const modules = {

/***/ 8950:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseYaml: () => (/* binding */ parseYaml)
/* harmony export */ });
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3243);
/* harmony import */ var _cli_input_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7290);


// The YAML reader for cli-input-yaml, in its own module so the bundle loads js-yaml only when it is needed.
function parseYaml(text) {
    try {
        // CORE_SCHEMA: plain data only, no merge keys, no custom types.
        return (0,js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .load */ .Hh)(text, { schema: js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .CORE_SCHEMA */ .OU, json: false });
    }
    catch (error) {
        const mark = error.mark;
        const where = mark?.line === undefined ? '' : ` (at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1})`;
        const reason = error.reason;
        throw new _cli_input_js__WEBPACK_IMPORTED_MODULE_1__/* .CliInputError */ .H(`is not valid YAML${where}${typeof reason === 'string' ? `: ${reason}` : ''}`);
    }
}


/***/ })

};
