import { isGitHubFailure, httpStatus, failureText } from './octokit.js';
import './github.js';
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

/** Parse the approvals response body (tolerant of missing fields). */
function parseApprovals(data) {
    const approvers = [];
    const rejectedBy = [];
    if (!Array.isArray(data))
        return { approvers, rejectedBy };
    for (const raw of data) {
        const login = typeof raw?.user?.login === 'string' ? raw.user.login : undefined;
        if (!login)
            continue;
        const environments = (raw.environments ?? [])
            .map((e) => e?.name)
            .filter((n) => typeof n === 'string' && n.length > 0);
        if (raw.state === 'rejected') {
            if (!rejectedBy.includes(login))
                rejectedBy.push(login);
            continue;
        }
        if (raw.state !== 'approved')
            continue;
        const at = [raw.submitted_at, raw.created_at].find((t) => typeof t === 'string');
        const comment = typeof raw.comment === 'string' && raw.comment.length > 0 ? raw.comment : undefined;
        const existing = approvers.find((a) => a.login === login);
        if (existing) {
            for (const env of environments)
                if (!existing.environments.includes(env))
                    existing.environments.push(env);
            if (at && (!existing.at || at > existing.at))
                existing.at = at;
            continue;
        }
        approvers.push({ login, environments, ...(comment ? { comment } : {}), ...(at ? { at } : {}) });
    }
    return { approvers, rejectedBy };
}
/** Read the run's environment approvals; 403/404 (no `actions: read`, or not a run) → empty with a warning. */
async function readApprovals(octokit, request) {
    const readAt = new Date().toISOString();
    try {
        const response = await octokit.rest.actions.getReviewsForRun({
            owner: request.owner,
            repo: request.repo,
            run_id: request.runId,
        });
        return { ...parseApprovals(response.data), readAt };
    }
    catch (error) {
        if (!isGitHubFailure(error))
            throw error;
        const status = httpStatus(error);
        const hint = status === 403 || status === 404
            ? ' The workflow needs `permissions: actions: read` to record approvers.'
            : '';
        return {
            approvers: [],
            rejectedBy: [],
            readAt,
            warning: `Could not read the approvals of run ${request.runId} (${failureText(error)}).${hint}`,
        };
    }
}

export { parseApprovals, readApprovals };
