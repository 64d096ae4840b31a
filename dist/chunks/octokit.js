import { getOctokit } from './github.js';
import 'fs';
import 'os';
import 'http';
import 'https';
import './index2.js';
import 'net';
import 'tls';
import 'events';
import 'assert';
import 'util';
import 'node:assert';
import 'node:net';
import 'node:http';
import 'node:stream';
import 'node:buffer';
import 'node:util';
import 'node:querystring';
import 'node:events';
import 'node:diagnostics_channel';
import './_commonjsHelpers.js';
import 'node:tls';
import 'node:zlib';
import 'node:perf_hooks';
import 'node:util/types';
import 'node:worker_threads';
import 'node:url';
import 'node:async_hooks';
import 'node:console';
import 'node:dns';
import 'string_decoder';

// One way to build the Octokit client, so every GitHub call honours GITHUB_API_URL
// (GitHub Enterprise Server, or the local emulator at `<emulator>/github-api`), has a time limit, and retries
// reads a bounded number of times. `@actions/github` adds no retry or throttling plugin of its own.
/** `GITHUB_API_URL` without a trailing slash, else `https://api.github.com`. */
function apiBaseUrl(env = process.env) {
    const value = env.GITHUB_API_URL?.trim();
    return (value && value.length > 0 ? value : 'https://api.github.com').replace(/\/+$/, '');
}
const REQUEST_LIMITS = {
    timeoutMs: 20_000,
    attempts: 3,
    backoffMs: 500,
    maxWaitMs: 10_000,
};
/** A request GitHub did not answer within the time limit. */
class GitHubTimeoutError extends Error {
    name = 'GitHubTimeoutError';
    constructor(route, ms) {
        super(`GitHub did not answer ${route} within ${Math.round(ms / 100) / 10} s`);
    }
}
/** An authenticated Octokit (REST methods + pagination) for `token`, pointed at the right API. */
function createOctokit(token, options = {}) {
    if (!token)
        throw new Error('A GitHub token is required (input `github-token`, default `${{ github.token }}`).');
    const octokit = getOctokit(token, {
        baseUrl: options.baseUrl ?? apiBaseUrl(),
        userAgent: options.userAgent ?? 'azure-image-promote',
        ...(options.request ? { request: options.request } : {}),
    });
    const limits = { ...REQUEST_LIMITS, ...options.limits };
    octokit.hook.wrap('request', (request, endpoint) => bounded(request, endpoint, limits));
    return octokit;
}
/** One request with the limits above: a time limit on each attempt, bounded retries for reads only. */
async function bounded(send, endpoint, limits) {
    const method = String(endpoint.method ?? 'GET').toUpperCase();
    const read = method === 'GET' || method === 'HEAD';
    for (let attempt = 1;; attempt++) {
        const signal = AbortSignal.timeout(limits.timeoutMs);
        // Set on the options object itself: the hooks inside this one (Octokit's token auth) were bound to it, and
        // ignore the options `send` is called with.
        endpoint.request = { ...endpoint.request, signal };
        try {
            return await send(endpoint);
        }
        catch (error) {
            if (signal.aborted)
                throw new GitHubTimeoutError(`${method} ${endpoint.url ?? ''}`, limits.timeoutMs);
            const wait = read && attempt < limits.attempts ? retryWait(error, attempt, limits) : undefined;
            if (wait === undefined)
                throw error;
            await new Promise((resolve) => setTimeout(resolve, wait));
        }
    }
}
/** How long to wait before retrying a failed read; undefined = do not retry. */
function retryWait(error, attempt, limits) {
    const status = httpStatus(error);
    const headers = error.response?.headers ?? {};
    const network = status === 500 && !error.response;
    const rateLimited = status === 429 || (status === 403 && (headers['retry-after'] || headers['x-ratelimit-remaining'] === '0'));
    if (!network && !rateLimited && !(status !== undefined && status >= 500))
        return undefined;
    const asked = retryAfterMs(headers);
    if (asked !== undefined)
        return asked <= limits.maxWaitMs ? asked : undefined;
    return limits.backoffMs * 2 ** (attempt - 1);
}
/** `Retry-After` (seconds or an HTTP date), else the primary rate limit's reset time; undefined when neither. */
function retryAfterMs(headers) {
    const value = headers['retry-after'];
    if (value !== undefined) {
        const seconds = Number(value);
        const at = Number.isFinite(seconds) ? Date.now() + seconds * 1000 : Date.parse(value);
        if (!Number.isNaN(at))
            return Math.max(0, at - Date.now());
    }
    const reset = Number(headers['x-ratelimit-reset']);
    return headers['x-ratelimit-remaining'] === '0' && reset > 0
        ? Math.max(0, reset * 1000 - Date.now())
        : undefined;
}
/** HTTP status of an Octokit RequestError (or anything shaped like one). */
function httpStatus(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const status = error.status;
    return typeof status === 'number' ? status : undefined;
}
/** The service's message from an Octokit error, without headers or the request (which carry the token). */
function httpMessage(error) {
    if (typeof error === 'object' && error !== null) {
        const data = error.response?.data;
        if (typeof data === 'object' &&
            data !== null &&
            typeof data.message === 'string') {
            return data.message;
        }
        if (error instanceof Error)
            return error.message;
    }
    return String(error);
}
/** A failed GitHub call (an HTTP error, a network error, no answer in time), as opposed to a bug in our code. */
function isGitHubFailure(error) {
    return httpStatus(error) !== undefined || error instanceof GitHubTimeoutError;
}
/** `HTTP 503: <GitHub's message>`, `network error: <cause>` or `GitHub did not answer … within 20 s`. */
function failureText(error) {
    if (error instanceof GitHubTimeoutError)
        return error.message;
    const status = httpStatus(error);
    // Octokit reports a request that got no response (reset, refused) as status 500 without a response.
    if (status === 500 && !error.response)
        return `network error: ${httpMessage(error)}`;
    return `HTTP ${status ?? '?'}: ${httpMessage(error)}`;
}

export { GitHubTimeoutError, REQUEST_LIMITS, apiBaseUrl, createOctokit, failureText, httpMessage, httpStatus, isGitHubFailure };
