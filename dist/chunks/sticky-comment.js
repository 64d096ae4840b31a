import { httpStatus, isGitHubFailure, failureText } from './octokit.js';
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

const GITHUB_ACTIONS_BOT = 'github-actions[bot]';
function startsWithMarker(comment, marker) {
    return (comment.body ?? '').trimStart().startsWith(marker);
}
/** The login this token posts comments as; see the rules at the top of this file. */
async function tokenLogin(octokit, author) {
    if (author)
        return author;
    try {
        return (await octokit.rest.users.getAuthenticated()).data.login;
    }
    catch (error) {
        // 401 (bad token) must surface as such, not be read as "an installation token".
        if (httpStatus(error) === 403)
            return GITHUB_ACTIONS_BOT;
        throw error;
    }
}
/** The oldest comment that starts with the marker and is authored by `login`. */
async function findOwnComment(octokit, request, login) {
    const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner: request.owner,
        repo: request.repo,
        issue_number: request.issueNumber,
        per_page: 100,
    });
    for await (const page of iterator) {
        for (const comment of page.data) {
            if (startsWithMarker(comment, request.marker) && comment.user?.login === login)
                return comment;
        }
    }
    return undefined;
}
function warningFor(error, doing) {
    const status = httpStatus(error);
    const failure = failureText(error);
    // Only GitHub's own "not accessible" answer means the token lacks a permission; a 403 for a rate limit or
    // an abuse block, or a 404 for a pull request that is gone, has another cause and must not send people to
    // their `permissions:` block.
    if (status === 403 && /not accessible by integration/i.test(failure)) {
        return (`Could not ${doing} (${failure}). The workflow needs \`permissions: pull-requests: write\` ` +
            '(pull requests from forks get a read-only token; the job summary has the full report).');
    }
    if (status === 401)
        return `Could not ${doing} (${failure}). Check the \`github-token\` input.`;
    return `Could not ${doing} (${failure}).`;
}
/**
 * Create or update the sticky comment. Never creates a second comment for the same marker and author.
 * GitHub failures (403/404 from read-only or fork tokens, other HTTP errors, network errors, no answer in time)
 * come back as `warning`; they never throw, because a comment must not fail a promotion that already happened.
 */
async function upsertStickyComment(octokit, request) {
    const { owner, repo, issueNumber, marker } = request;
    let existing;
    try {
        existing = await findOwnComment(octokit, request, await tokenLogin(octokit, request.author));
    }
    catch (error) {
        if (!isGitHubFailure(error))
            throw error;
        return {
            action: 'skipped',
            warning: warningFor(error, `read the comments of pull request #${issueNumber}`),
        };
    }
    const body = typeof request.body === 'function' ? request.body(existing?.body ?? undefined) : request.body;
    if (!body.startsWith(marker))
        throw new Error('The sticky comment body must start with its marker.');
    if (existing) {
        if (existing.body === body) {
            return {
                action: 'unchanged',
                commentId: existing.id,
                ...(existing.html_url ? { url: existing.html_url } : {}),
            };
        }
        try {
            const updated = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
            return { action: 'updated', commentId: updated.data.id, url: updated.data.html_url };
        }
        catch (error) {
            if (!isGitHubFailure(error))
                throw error;
            // Do not fall back to creating: that is how duplicates start.
            return {
                action: 'skipped',
                commentId: existing.id,
                warning: warningFor(error, `update comment ${existing.id} on pull request #${issueNumber}`),
            };
        }
    }
    try {
        const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
        return { action: 'created', commentId: created.data.id, url: created.data.html_url };
    }
    catch (error) {
        if (!isGitHubFailure(error))
            throw error;
        return { action: 'skipped', warning: warningFor(error, `comment on pull request #${issueNumber}`) };
    }
}

export { GITHUB_ACTIONS_BOT, tokenLogin, upsertStickyComment };
