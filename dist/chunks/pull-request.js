import { isGitHubFailure, failureText } from './octokit.js';
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

const PR_EVENTS = new Set([
    'pull_request',
    'pull_request_review',
    'pull_request_review_comment',
    'pull_request_target',
]);
function numberField(value, key) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const n = value[key];
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
/** The PR number carried by the event payload itself, if any. */
function pullRequestFromPayload(eventName, payload) {
    if (PR_EVENTS.has(eventName))
        return numberField(payload.pull_request, 'number');
    if (eventName === 'issue_comment') {
        const issue = payload.issue;
        // Comments on plain issues have no `issue.pull_request`.
        if (typeof issue === 'object' && issue !== null && issue.pull_request) {
            return numberField(issue, 'number');
        }
        return undefined;
    }
    if (eventName === 'workflow_run') {
        const run = payload.workflow_run;
        const first = Array.isArray(run?.pull_requests) ? run.pull_requests[0] : undefined;
        return numberField(first, 'number');
    }
    return undefined;
}
function time(value) {
    const t = value ? Date.parse(value) : NaN;
    return Number.isNaN(t) ? 0 : t;
}
/** Prefer an open PR (most recently updated); otherwise the most recent one (merged/updated/created). */
function choosePullRequest(pulls) {
    const recency = (p) => Math.max(time(p.updated_at), time(p.merged_at), time(p.created_at));
    const byRecency = [...pulls].sort((a, b) => recency(b) - recency(a) || b.number - a.number);
    return (byRecency.find((p) => p.state === 'open') ?? byRecency[0])?.number;
}
/**
 * The pull request for this run: from the payload for pull-request events and comments on PRs, otherwise
 * (push, workflow_dispatch, release, schedule…) from the commit via `GET /repos/{o}/{r}/commits/{sha}/pulls`.
 * Undefined when there is none or it cannot be read.
 */
async function findPullRequest(octokit, context, options = {}) {
    const fromPayload = pullRequestFromPayload(context.eventName, context.payload);
    if (fromPayload !== undefined)
        return fromPayload;
    if (context.eventName === 'issue_comment' || !context.sha)
        return undefined;
    try {
        const response = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
            owner: context.repo.owner,
            repo: context.repo.repo,
            commit_sha: context.sha,
            per_page: 100,
        });
        return choosePullRequest(response.data);
    }
    catch (error) {
        // A PR comment is a convenience: never let the lookup fail a promotion. Programming errors still throw.
        if (!isGitHubFailure(error))
            throw error;
        options.warn?.(`Could not look up the pull request for commit ${context.sha} (${failureText(error)}); no PR comment.`);
        return undefined;
    }
}

export { choosePullRequest, findPullRequest, pullRequestFromPayload };
