import { G as GalleryTarget } from './target2.js';
import { C as ComputeManagementClient } from './computeManagementClient.js';
import { c as createDefaultHttpClient } from './defaultHttpClient.js';
import './bearerTokenAuthenticationPolicy.js';
import 'node:http';
import 'node:https';
import 'node:zlib';
import 'node:stream';
import 'node:os';
import 'node:process';
import 'stream';
import 'net';
import 'tls';
import 'assert';
import 'tty';
import 'util';
import 'os';
import 'http';
import 'https';
import 'url';
import 'events';
import 'node:util';
import './ring-gates.js';
import './reference.js';
import './_commonjsHelpers.js';
import './errors.js';
import 'node:timers/promises';
import './regions.js';
import 'node:fs/promises';
import 'node:path';

// Builds the gallery target. Loaded with import() by promotion.ts, so runs that stop earlier (bad input) or
// promote a registry image never compile the ARM client.
function createGalleryTarget(setup, request) {
    // One HTTP client for the SDK's reads and the action's own PATCH and polls: one connection to ARM.
    const httpClient = createDefaultHttpClient();
    const client = new ComputeManagementClient(setup.credential, setup.subscriptionId, {
        endpoint: setup.armEndpoint,
        // The client's default scope is the public cloud's; sovereign clouds and the emulator need their own.
        credentials: { scopes: [`${setup.armEndpoint}/.default`] },
        userAgentOptions: { userAgentPrefix: setup.userAgent },
        retryOptions: setup.retryOptions,
        httpClient,
    });
    return new GalleryTarget(client, request, {
        arm: { pipeline: client.pipeline, httpClient, endpoint: setup.armEndpoint },
        deadline: setup.deadline,
    });
}

export { createGalleryTarget };
