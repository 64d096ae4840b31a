import { c as createRegistryTarget } from './target.js';
export { R as RECORD_ARTIFACT_TYPE, i as isAcrHost, p as planRegistry } from './target.js';
export { i as isValidDigest, a as isValidRegistry, b as isValidRepository, c as isValidTag, p as parseReference, d as parseRegistry, e as parseRepository } from './reference.js';
import './errors.js';
import 'node:crypto';
import './serviceClient.js';
import './bearerTokenAuthenticationPolicy.js';
import 'node:http';
import 'node:https';
import 'node:zlib';
import 'node:stream';
import './index.js';
import 'node:os';
import 'node:util';
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
import './pipelineRequest.js';
import 'node:buffer';
import './tokenCredential.js';
import './ring.js';



export { createRegistryTarget };
