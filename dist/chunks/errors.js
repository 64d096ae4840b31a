/**
 * A problem with what the user asked for (an input or the policy file). Raised before any network call;
 * main.ts prints the message as is, without a stack trace.
 */
class UsageError extends Error {
    name = 'UsageError';
}
/** Build the one-line message every input error uses: the input, the value, what is expected. */
function inputError(input, value, expected) {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    // JSON.stringify escapes C0 controls but leaves DEL raw; escape it too so logs stay clean.
    const quoted = JSON.stringify(shown).replace(/\u007f/g, '\\u007f');
    return new UsageError(`Input '${input}' has an invalid value ${quoted}: ${expected}.`);
}
/** A failure talking to a service, with the step that failed and the service's own code. */
class StepError extends Error {
    step;
    code;
    name = 'StepError';
    constructor(step, code, message) {
        super(`${step} failed${code ? ` (${code})` : ''}: ${message}`);
        this.step = step;
        this.code = code;
    }
}
/** The message of anything thrown: an Error's message, anything else as text. */
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}

export { StepError as S, UsageError as U, inputError as i, messageOf as m };
