// ARM returns display names ("West Europe"); inputs and policy files say `westeurope`.
// Every comparison goes through normaliseRegion so both spellings meet.
function normaliseRegion(name) {
    return name.toLowerCase().replace(/[\s_-]+/g, '');
}
const REGION_PATTERN = /^[a-z][a-z0-9]{2,39}$/;

export { REGION_PATTERN as R, normaliseRegion as n };
