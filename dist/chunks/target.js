import { S as StepError, m as messageOf } from './errors.js';
import crypto, { createHash } from 'node:crypto';
import { c as createSerializer, S as ServiceClient } from './serviceClient.js';
import { c as createClientLogger } from './index.js';
import { Buffer as Buffer$1 } from 'node:buffer';
import { Readable } from 'node:stream';
import { B as createTracingClient, e as bearerTokenAuthenticationPolicy, C as AbortError, R as RestError } from './bearerTokenAuthenticationPolicy.js';
import { i as isTokenCredential } from './tokenCredential.js';
import { a as createPipelineRequest, b as createHttpHeaders } from './pipelineRequest.js';
import { r as ringPolicyGates } from './ring.js';
import { d as parseRegistry, e as parseRepository, p as parseReference } from './reference.js';

/** GET /acr/v1/{repo}/_manifests/{digest}. undefined when the registry is not ACR or does not know the digest. */
async function acrManifestProperties(repo, digest) {
    const res = await repo.send('GET', `/acr/v1/${repo.repository}/_manifests/${digest}`, {
        headers: { Accept: 'application/json' },
    });
    if (res.status !== 200)
        return undefined;
    const manifest = parseBody(res.bodyAsText)?.manifest;
    if (!manifest)
        return undefined;
    const created = manifest.createdTime ? new Date(manifest.createdTime) : undefined;
    return {
        ...lockOf(manifest),
        tags: manifest.tags ?? [],
        ...(created && !Number.isNaN(created.getTime()) ? { createdOn: created } : {}),
    };
}
/** GET /acr/v1/{repo}/_tags/{tag}: the tag's own lock. undefined when the registry is not ACR or has no such tag. */
async function acrTagState(repo, tag) {
    const res = await repo.send('GET', `/acr/v1/${repo.repository}/_tags/${tag}`, {
        headers: { Accept: 'application/json' },
    });
    if (res.status !== 200)
        return undefined;
    const body = parseBody(res.bodyAsText);
    return body?.tag ? lockOf(body.tag) : undefined;
}
/** ACR's lock of one manifest; undefined when the registry does not answer `/acr/v1/` (not ACR). */
async function acrManifestLock(repo, digest) {
    const res = await repo.send('GET', `/acr/v1/${repo.repository}/_manifests/${digest}`, {
        headers: { Accept: 'application/json' },
    });
    if (res.status !== 200)
        return undefined;
    const body = parseBody(res.bodyAsText ?? '{}');
    return body ? lockOf(body.manifest ?? {}) : undefined;
}
function lockOf(body) {
    const attrs = body.changeableAttributes;
    return { writeEnabled: attrs?.writeEnabled !== false, deleteEnabled: attrs?.deleteEnabled !== false };
}
function parseBody(text) {
    try {
        return JSON.parse(text ?? '');
    }
    catch {
        return undefined;
    }
}

const logger = createClientLogger("container-registry");

const AcrErrors = {
  type: {
    name: "Composite",
    className: "AcrErrors",
    modelProperties: {
      errors: {
        serializedName: "errors",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "AcrErrorInfo"
            }
          }
        }
      }
    }
  }
};
const AcrErrorInfo = {
  type: {
    name: "Composite",
    className: "AcrErrorInfo",
    modelProperties: {
      code: {
        serializedName: "code",
        type: {
          name: "String"
        }
      },
      message: {
        serializedName: "message",
        type: {
          name: "String"
        }
      },
      detail: {
        serializedName: "detail",
        type: {
          name: "Dictionary",
          value: { type: { name: "any" } }
        }
      }
    }
  }
};
const Repositories = {
  type: {
    name: "Composite",
    className: "Repositories",
    modelProperties: {
      repositories: {
        serializedName: "repositories",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "String"
            }
          }
        }
      },
      link: {
        serializedName: "link",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRepositoryProperties = {
  type: {
    name: "Composite",
    className: "ContainerRepositoryProperties",
    modelProperties: {
      registryLoginServer: {
        serializedName: "registry",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      name: {
        serializedName: "imageName",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      createdOn: {
        serializedName: "createdTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      lastUpdatedOn: {
        serializedName: "lastUpdateTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      manifestCount: {
        serializedName: "manifestCount",
        required: true,
        readOnly: true,
        type: {
          name: "Number"
        }
      },
      tagCount: {
        serializedName: "tagCount",
        required: true,
        readOnly: true,
        type: {
          name: "Number"
        }
      },
      canDelete: {
        serializedName: "changeableAttributes.deleteEnabled",
        type: {
          name: "Boolean"
        }
      },
      canWrite: {
        serializedName: "changeableAttributes.writeEnabled",
        type: {
          name: "Boolean"
        }
      },
      canList: {
        serializedName: "changeableAttributes.listEnabled",
        type: {
          name: "Boolean"
        }
      },
      canRead: {
        serializedName: "changeableAttributes.readEnabled",
        type: {
          name: "Boolean"
        }
      }
    }
  }
};
const RepositoryWriteableProperties = {
  type: {
    name: "Composite",
    className: "RepositoryWriteableProperties",
    modelProperties: {
      canDelete: {
        serializedName: "deleteEnabled",
        type: {
          name: "Boolean"
        }
      },
      canWrite: {
        serializedName: "writeEnabled",
        type: {
          name: "Boolean"
        }
      },
      canList: {
        serializedName: "listEnabled",
        type: {
          name: "Boolean"
        }
      },
      canRead: {
        serializedName: "readEnabled",
        type: {
          name: "Boolean"
        }
      }
    }
  }
};
const TagList = {
  type: {
    name: "Composite",
    className: "TagList",
    modelProperties: {
      registryLoginServer: {
        serializedName: "registry",
        required: true,
        type: {
          name: "String"
        }
      },
      repository: {
        serializedName: "imageName",
        required: true,
        type: {
          name: "String"
        }
      },
      tagAttributeBases: {
        serializedName: "tags",
        required: true,
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "TagAttributesBase"
            }
          }
        }
      },
      link: {
        serializedName: "link",
        type: {
          name: "String"
        }
      }
    }
  }
};
const TagAttributesBase = {
  type: {
    name: "Composite",
    className: "TagAttributesBase",
    modelProperties: {
      name: {
        serializedName: "name",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      digest: {
        serializedName: "digest",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      createdOn: {
        serializedName: "createdTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      lastUpdatedOn: {
        serializedName: "lastUpdateTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      canDelete: {
        serializedName: "changeableAttributes.deleteEnabled",
        type: {
          name: "Boolean"
        }
      },
      canWrite: {
        serializedName: "changeableAttributes.writeEnabled",
        type: {
          name: "Boolean"
        }
      },
      canList: {
        serializedName: "changeableAttributes.listEnabled",
        type: {
          name: "Boolean"
        }
      },
      canRead: {
        serializedName: "changeableAttributes.readEnabled",
        type: {
          name: "Boolean"
        }
      }
    }
  }
};
const TagWriteableProperties = {
  type: {
    name: "Composite",
    className: "TagWriteableProperties",
    modelProperties: {
      canDelete: {
        serializedName: "deleteEnabled",
        type: {
          name: "Boolean"
        }
      },
      canWrite: {
        serializedName: "writeEnabled",
        type: {
          name: "Boolean"
        }
      },
      canList: {
        serializedName: "listEnabled",
        type: {
          name: "Boolean"
        }
      },
      canRead: {
        serializedName: "readEnabled",
        type: {
          name: "Boolean"
        }
      }
    }
  }
};
const ArtifactTagProperties = {
  type: {
    name: "Composite",
    className: "ArtifactTagProperties",
    modelProperties: {
      registryLoginServer: {
        serializedName: "registry",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      repositoryName: {
        serializedName: "imageName",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      name: {
        serializedName: "tag.name",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      digest: {
        serializedName: "tag.digest",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      createdOn: {
        serializedName: "tag.createdTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      lastUpdatedOn: {
        serializedName: "tag.lastUpdateTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      canDelete: {
        serializedName: "tag.changeableAttributes.deleteEnabled",
        type: {
          name: "Boolean"
        }
      },
      canWrite: {
        serializedName: "tag.changeableAttributes.writeEnabled",
        type: {
          name: "Boolean"
        }
      },
      canList: {
        serializedName: "tag.changeableAttributes.listEnabled",
        type: {
          name: "Boolean"
        }
      },
      canRead: {
        serializedName: "tag.changeableAttributes.readEnabled",
        type: {
          name: "Boolean"
        }
      }
    }
  }
};
const AcrManifests = {
  type: {
    name: "Composite",
    className: "AcrManifests",
    modelProperties: {
      registryLoginServer: {
        serializedName: "registry",
        type: {
          name: "String"
        }
      },
      repository: {
        serializedName: "imageName",
        type: {
          name: "String"
        }
      },
      manifests: {
        serializedName: "manifests",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "ManifestAttributesBase"
            }
          }
        }
      },
      link: {
        serializedName: "link",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ManifestAttributesBase = {
  type: {
    name: "Composite",
    className: "ManifestAttributesBase",
    modelProperties: {
      digest: {
        serializedName: "digest",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      size: {
        serializedName: "imageSize",
        readOnly: true,
        type: {
          name: "Number"
        }
      },
      createdOn: {
        serializedName: "createdTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      lastUpdatedOn: {
        serializedName: "lastUpdateTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      architecture: {
        serializedName: "architecture",
        readOnly: true,
        nullable: true,
        type: {
          name: "String"
        }
      },
      operatingSystem: {
        serializedName: "os",
        readOnly: true,
        nullable: true,
        type: {
          name: "String"
        }
      },
      relatedArtifacts: {
        serializedName: "references",
        readOnly: true,
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "ArtifactManifestPlatform"
            }
          }
        }
      },
      tags: {
        serializedName: "tags",
        readOnly: true,
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "String"
            }
          }
        }
      },
      canDelete: {
        serializedName: "changeableAttributes.deleteEnabled",
        type: {
          name: "Boolean"
        }
      },
      canWrite: {
        serializedName: "changeableAttributes.writeEnabled",
        type: {
          name: "Boolean"
        }
      },
      canList: {
        serializedName: "changeableAttributes.listEnabled",
        type: {
          name: "Boolean"
        }
      },
      canRead: {
        serializedName: "changeableAttributes.readEnabled",
        type: {
          name: "Boolean"
        }
      }
    }
  }
};
const ArtifactManifestPlatform = {
  type: {
    name: "Composite",
    className: "ArtifactManifestPlatform",
    modelProperties: {
      digest: {
        serializedName: "digest",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      architecture: {
        serializedName: "architecture",
        readOnly: true,
        type: {
          name: "String"
        }
      },
      operatingSystem: {
        serializedName: "os",
        readOnly: true,
        type: {
          name: "String"
        }
      }
    }
  }
};
const ManifestWriteableProperties = {
  type: {
    name: "Composite",
    className: "ManifestWriteableProperties",
    modelProperties: {
      canDelete: {
        serializedName: "deleteEnabled",
        type: {
          name: "Boolean"
        }
      },
      canWrite: {
        serializedName: "writeEnabled",
        type: {
          name: "Boolean"
        }
      },
      canList: {
        serializedName: "listEnabled",
        type: {
          name: "Boolean"
        }
      },
      canRead: {
        serializedName: "readEnabled",
        type: {
          name: "Boolean"
        }
      }
    }
  }
};
const ArtifactManifestProperties = {
  type: {
    name: "Composite",
    className: "ArtifactManifestProperties",
    modelProperties: {
      registryLoginServer: {
        serializedName: "registry",
        readOnly: true,
        type: {
          name: "String"
        }
      },
      repositoryName: {
        serializedName: "imageName",
        readOnly: true,
        type: {
          name: "String"
        }
      },
      digest: {
        serializedName: "manifest.digest",
        required: true,
        readOnly: true,
        type: {
          name: "String"
        }
      },
      size: {
        serializedName: "manifest.imageSize",
        readOnly: true,
        type: {
          name: "Number"
        }
      },
      createdOn: {
        serializedName: "manifest.createdTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      lastUpdatedOn: {
        serializedName: "manifest.lastUpdateTime",
        required: true,
        readOnly: true,
        type: {
          name: "DateTime"
        }
      },
      architecture: {
        serializedName: "manifest.architecture",
        readOnly: true,
        nullable: true,
        type: {
          name: "String"
        }
      },
      operatingSystem: {
        serializedName: "manifest.os",
        readOnly: true,
        nullable: true,
        type: {
          name: "String"
        }
      },
      relatedArtifacts: {
        serializedName: "manifest.references",
        readOnly: true,
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "ArtifactManifestPlatform"
            }
          }
        }
      },
      tags: {
        serializedName: "manifest.tags",
        readOnly: true,
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "String"
            }
          }
        }
      },
      canDelete: {
        serializedName: "manifest.changeableAttributes.deleteEnabled",
        type: {
          name: "Boolean"
        }
      },
      canWrite: {
        serializedName: "manifest.changeableAttributes.writeEnabled",
        type: {
          name: "Boolean"
        }
      },
      canList: {
        serializedName: "manifest.changeableAttributes.listEnabled",
        type: {
          name: "Boolean"
        }
      },
      canRead: {
        serializedName: "manifest.changeableAttributes.readEnabled",
        type: {
          name: "Boolean"
        }
      }
    }
  }
};
const AcrRefreshToken = {
  type: {
    name: "Composite",
    className: "AcrRefreshToken",
    modelProperties: {
      refreshToken: {
        serializedName: "refresh_token",
        type: {
          name: "String"
        }
      }
    }
  }
};
const AcrAccessToken = {
  type: {
    name: "Composite",
    className: "AcrAccessToken",
    modelProperties: {
      accessToken: {
        serializedName: "access_token",
        type: {
          name: "String"
        }
      }
    }
  }
};
const RepositoryTags = {
  type: {
    name: "Composite",
    className: "RepositoryTags",
    modelProperties: {
      name: {
        serializedName: "name",
        type: {
          name: "String"
        }
      },
      tags: {
        serializedName: "tags",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "String"
            }
          }
        }
      }
    }
  }
};
const ImageSignature = {
  type: {
    name: "Composite",
    className: "ImageSignature",
    modelProperties: {
      header: {
        serializedName: "header",
        type: {
          name: "Composite",
          className: "Jwk"
        }
      },
      signature: {
        serializedName: "signature",
        type: {
          name: "String"
        }
      },
      protected: {
        serializedName: "protected",
        type: {
          name: "String"
        }
      }
    }
  }
};
const Jwk = {
  type: {
    name: "Composite",
    className: "Jwk",
    modelProperties: {
      jwk: {
        serializedName: "jwk",
        type: {
          name: "Composite",
          className: "JWKHeader"
        }
      },
      alg: {
        serializedName: "alg",
        type: {
          name: "String"
        }
      }
    }
  }
};
const JWKHeader = {
  type: {
    name: "Composite",
    className: "JWKHeader",
    modelProperties: {
      crv: {
        serializedName: "crv",
        type: {
          name: "String"
        }
      },
      kid: {
        serializedName: "kid",
        type: {
          name: "String"
        }
      },
      kty: {
        serializedName: "kty",
        type: {
          name: "String"
        }
      },
      x: {
        serializedName: "x",
        type: {
          name: "String"
        }
      },
      y: {
        serializedName: "y",
        type: {
          name: "String"
        }
      }
    }
  }
};
const History = {
  type: {
    name: "Composite",
    className: "History",
    modelProperties: {
      v1Compatibility: {
        serializedName: "v1Compatibility",
        type: {
          name: "String"
        }
      }
    }
  }
};
const DeleteRepositoryResult = {
  type: {
    name: "Composite",
    className: "DeleteRepositoryResult",
    modelProperties: {
      deletedManifests: {
        serializedName: "manifestsDeleted",
        readOnly: true,
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "String"
            }
          }
        }
      },
      deletedTags: {
        serializedName: "tagsDeleted",
        readOnly: true,
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "String"
            }
          }
        }
      }
    }
  }
};
const FsLayer = {
  type: {
    name: "Composite",
    className: "FsLayer",
    modelProperties: {
      blobSum: {
        serializedName: "blobSum",
        type: {
          name: "String"
        }
      }
    }
  }
};
const Descriptor = {
  type: {
    name: "Composite",
    className: "Descriptor",
    modelProperties: {
      mediaType: {
        serializedName: "mediaType",
        type: {
          name: "String"
        }
      },
      size: {
        serializedName: "size",
        type: {
          name: "Number"
        }
      },
      digest: {
        serializedName: "digest",
        type: {
          name: "String"
        }
      },
      urls: {
        serializedName: "urls",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "String"
            }
          }
        }
      },
      annotations: {
        serializedName: "annotations",
        type: {
          name: "Composite",
          className: "Annotations"
        }
      }
    }
  }
};
const Annotations = {
  type: {
    name: "Composite",
    className: "Annotations",
    additionalProperties: { type: { name: "Object" } },
    modelProperties: {
      created: {
        serializedName: "org\\.opencontainers\\.image\\.created",
        type: {
          name: "DateTime"
        }
      },
      authors: {
        serializedName: "org\\.opencontainers\\.image\\.authors",
        type: {
          name: "String"
        }
      },
      url: {
        serializedName: "org\\.opencontainers\\.image\\.url",
        type: {
          name: "String"
        }
      },
      documentation: {
        serializedName: "org\\.opencontainers\\.image\\.documentation",
        type: {
          name: "String"
        }
      },
      source: {
        serializedName: "org\\.opencontainers\\.image\\.source",
        type: {
          name: "String"
        }
      },
      version: {
        serializedName: "org\\.opencontainers\\.image\\.version",
        type: {
          name: "String"
        }
      },
      revision: {
        serializedName: "org\\.opencontainers\\.image\\.revision",
        type: {
          name: "String"
        }
      },
      vendor: {
        serializedName: "org\\.opencontainers\\.image\\.vendor",
        type: {
          name: "String"
        }
      },
      licenses: {
        serializedName: "org\\.opencontainers\\.image\\.licenses",
        type: {
          name: "String"
        }
      },
      name: {
        serializedName: "org\\.opencontainers\\.image\\.ref.name",
        type: {
          name: "String"
        }
      },
      title: {
        serializedName: "org\\.opencontainers\\.image\\.title",
        type: {
          name: "String"
        }
      },
      description: {
        serializedName: "org\\.opencontainers\\.image\\.description",
        type: {
          name: "String"
        }
      }
    }
  }
};
const TagAttributesTag = {
  type: {
    name: "Composite",
    className: "TagAttributesTag",
    modelProperties: {
      signatureRecord: {
        serializedName: "signatureRecord",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ManifestAttributesManifest = {
  type: {
    name: "Composite",
    className: "ManifestAttributesManifest",
    modelProperties: {
      references: {
        serializedName: "references",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "ArtifactManifestPlatform"
            }
          }
        }
      }
    }
  }
};
const Manifest = {
  type: {
    name: "Composite",
    className: "Manifest",
    modelProperties: {
      schemaVersion: {
        serializedName: "schemaVersion",
        type: {
          name: "Number"
        }
      }
    }
  }
};
const ManifestListAttributes = {
  type: {
    name: "Composite",
    className: "ManifestListAttributes",
    modelProperties: {
      mediaType: {
        serializedName: "mediaType",
        type: {
          name: "String"
        }
      },
      size: {
        serializedName: "size",
        type: {
          name: "Number"
        }
      },
      digest: {
        serializedName: "digest",
        type: {
          name: "String"
        }
      },
      platform: {
        serializedName: "platform",
        type: {
          name: "Composite",
          className: "Platform"
        }
      }
    }
  }
};
const Platform = {
  type: {
    name: "Composite",
    className: "Platform",
    modelProperties: {
      architecture: {
        serializedName: "architecture",
        type: {
          name: "String"
        }
      },
      os: {
        serializedName: "os",
        type: {
          name: "String"
        }
      },
      osVersion: {
        serializedName: "os\\.version",
        type: {
          name: "String"
        }
      },
      osFeatures: {
        serializedName: "os\\.features",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "String"
            }
          }
        }
      },
      variant: {
        serializedName: "variant",
        type: {
          name: "String"
        }
      },
      features: {
        serializedName: "features",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "String"
            }
          }
        }
      }
    }
  }
};
const OCIManifest = {
  serializedName: "application/vnd.oci.image.manifest.v1+json",
  type: {
    name: "Composite",
    className: "OCIManifest",
    modelProperties: {
      config: {
        serializedName: "config",
        type: {
          name: "Composite",
          className: "Descriptor"
        }
      },
      layers: {
        serializedName: "layers",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "Descriptor"
            }
          }
        }
      },
      annotations: {
        serializedName: "annotations",
        type: {
          name: "Composite",
          className: "Annotations"
        }
      },
      schemaVersion: {
        serializedName: "schemaVersion",
        type: {
          name: "Number"
        }
      }
    }
  }
};
const Paths108HwamOauth2ExchangePostRequestbodyContentApplicationXWwwFormUrlencodedSchema = {
  type: {
    name: "Composite",
    className: "Paths108HwamOauth2ExchangePostRequestbodyContentApplicationXWwwFormUrlencodedSchema",
    modelProperties: {
      grantType: {
        serializedName: "grant_type",
        required: true,
        type: {
          name: "String"
        }
      },
      service: {
        serializedName: "service",
        required: true,
        type: {
          name: "String"
        }
      },
      tenant: {
        serializedName: "tenant",
        type: {
          name: "String"
        }
      },
      refreshToken: {
        serializedName: "refresh_token",
        type: {
          name: "String"
        }
      },
      aadAccessToken: {
        serializedName: "access_token",
        type: {
          name: "String"
        }
      }
    }
  }
};
const PathsV3R3RxOauth2TokenPostRequestbodyContentApplicationXWwwFormUrlencodedSchema = {
  type: {
    name: "Composite",
    className: "PathsV3R3RxOauth2TokenPostRequestbodyContentApplicationXWwwFormUrlencodedSchema",
    modelProperties: {
      service: {
        serializedName: "service",
        required: true,
        type: {
          name: "String"
        }
      },
      scope: {
        serializedName: "scope",
        required: true,
        type: {
          name: "String"
        }
      },
      acrRefreshToken: {
        serializedName: "refresh_token",
        required: true,
        type: {
          name: "String"
        }
      },
      grantType: {
        serializedName: "grant_type",
        required: true,
        type: {
          name: "Enum",
          allowedValues: ["refresh_token", "password"]
        }
      }
    }
  }
};
const ManifestWrapper = {
  type: {
    name: "Composite",
    className: "ManifestWrapper",
    modelProperties: {
      ...Manifest.type.modelProperties,
      mediaType: {
        serializedName: "mediaType",
        type: {
          name: "String"
        }
      },
      manifests: {
        serializedName: "manifests",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "ManifestListAttributes"
            }
          }
        }
      },
      config: {
        serializedName: "config",
        type: {
          name: "Composite",
          className: "Descriptor"
        }
      },
      layers: {
        serializedName: "layers",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "Descriptor"
            }
          }
        }
      },
      annotations: {
        serializedName: "annotations",
        type: {
          name: "Composite",
          className: "Annotations"
        }
      },
      architecture: {
        serializedName: "architecture",
        type: {
          name: "String"
        }
      },
      name: {
        serializedName: "name",
        type: {
          name: "String"
        }
      },
      tag: {
        serializedName: "tag",
        type: {
          name: "String"
        }
      },
      fsLayers: {
        serializedName: "fsLayers",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "FsLayer"
            }
          }
        }
      },
      history: {
        serializedName: "history",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "History"
            }
          }
        }
      },
      signatures: {
        serializedName: "signatures",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "ImageSignature"
            }
          }
        }
      }
    }
  }
};
const ManifestList = {
  serializedName: "application/vnd.docker.distribution.manifest.list.v2+json",
  type: {
    name: "Composite",
    className: "ManifestList",
    modelProperties: {
      ...Manifest.type.modelProperties,
      mediaType: {
        serializedName: "mediaType",
        type: {
          name: "String"
        }
      },
      manifests: {
        serializedName: "manifests",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "ManifestListAttributes"
            }
          }
        }
      }
    }
  }
};
const V2Manifest = {
  serializedName: "application/vnd.docker.distribution.manifest.v2+json",
  type: {
    name: "Composite",
    className: "V2Manifest",
    modelProperties: {
      ...Manifest.type.modelProperties,
      mediaType: {
        serializedName: "mediaType",
        type: {
          name: "String"
        }
      },
      config: {
        serializedName: "config",
        type: {
          name: "Composite",
          className: "Descriptor"
        }
      },
      layers: {
        serializedName: "layers",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "Descriptor"
            }
          }
        }
      }
    }
  }
};
const OCIIndex = {
  serializedName: "application/vnd.oci.image.index.v1+json",
  type: {
    name: "Composite",
    className: "OCIIndex",
    modelProperties: {
      ...Manifest.type.modelProperties,
      manifests: {
        serializedName: "manifests",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "ManifestListAttributes"
            }
          }
        }
      },
      annotations: {
        serializedName: "annotations",
        type: {
          name: "Composite",
          className: "Annotations"
        }
      }
    }
  }
};
const V1Manifest = {
  serializedName: "application/vnd.oci.image.manifest.v1+json",
  type: {
    name: "Composite",
    className: "V1Manifest",
    modelProperties: {
      ...Manifest.type.modelProperties,
      architecture: {
        serializedName: "architecture",
        type: {
          name: "String"
        }
      },
      name: {
        serializedName: "name",
        type: {
          name: "String"
        }
      },
      tag: {
        serializedName: "tag",
        type: {
          name: "String"
        }
      },
      fsLayers: {
        serializedName: "fsLayers",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "FsLayer"
            }
          }
        }
      },
      history: {
        serializedName: "history",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "History"
            }
          }
        }
      },
      signatures: {
        serializedName: "signatures",
        type: {
          name: "Sequence",
          element: {
            type: {
              name: "Composite",
              className: "ImageSignature"
            }
          }
        }
      }
    }
  }
};
const ContainerRegistryGetManifestHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryGetManifestHeaders",
    modelProperties: {
      dockerContentDigest: {
        serializedName: "docker-content-digest",
        type: {
          name: "String"
        }
      },
      mediaType: {
        serializedName: "content-type",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryCreateManifestHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryCreateManifestHeaders",
    modelProperties: {
      dockerContentDigest: {
        serializedName: "docker-content-digest",
        type: {
          name: "String"
        }
      },
      location: {
        serializedName: "location",
        type: {
          name: "String"
        }
      },
      contentLength: {
        serializedName: "content-length",
        type: {
          name: "Number"
        }
      }
    }
  }
};
const ContainerRegistryGetRepositoriesHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryGetRepositoriesHeaders",
    modelProperties: {
      link: {
        serializedName: "link",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryGetTagsHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryGetTagsHeaders",
    modelProperties: {
      link: {
        serializedName: "link",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryGetManifestsHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryGetManifestsHeaders",
    modelProperties: {
      link: {
        serializedName: "link",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryGetRepositoriesNextHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryGetRepositoriesNextHeaders",
    modelProperties: {
      link: {
        serializedName: "link",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryGetTagsNextHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryGetTagsNextHeaders",
    modelProperties: {
      link: {
        serializedName: "link",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryGetManifestsNextHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryGetManifestsNextHeaders",
    modelProperties: {
      link: {
        serializedName: "link",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobGetBlobHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobGetBlobHeaders",
    modelProperties: {
      contentLength: {
        serializedName: "content-length",
        type: {
          name: "Number"
        }
      },
      dockerContentDigest: {
        serializedName: "docker-content-digest",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobCheckBlobExistsHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobCheckBlobExistsHeaders",
    modelProperties: {
      contentLength: {
        serializedName: "content-length",
        type: {
          name: "Number"
        }
      },
      dockerContentDigest: {
        serializedName: "docker-content-digest",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobDeleteBlobHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobDeleteBlobHeaders",
    modelProperties: {
      dockerContentDigest: {
        serializedName: "docker-content-digest",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobMountBlobHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobMountBlobHeaders",
    modelProperties: {
      location: {
        serializedName: "location",
        type: {
          name: "String"
        }
      },
      dockerUploadUuid: {
        serializedName: "docker-upload-uuid",
        type: {
          name: "String"
        }
      },
      dockerContentDigest: {
        serializedName: "docker-content-digest",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobGetUploadStatusHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobGetUploadStatusHeaders",
    modelProperties: {
      range: {
        serializedName: "range",
        type: {
          name: "String"
        }
      },
      dockerUploadUuid: {
        serializedName: "docker-upload-uuid",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobUploadChunkHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobUploadChunkHeaders",
    modelProperties: {
      location: {
        serializedName: "location",
        type: {
          name: "String"
        }
      },
      range: {
        serializedName: "range",
        type: {
          name: "String"
        }
      },
      dockerUploadUuid: {
        serializedName: "docker-upload-uuid",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobCompleteUploadHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobCompleteUploadHeaders",
    modelProperties: {
      location: {
        serializedName: "location",
        type: {
          name: "String"
        }
      },
      range: {
        serializedName: "range",
        type: {
          name: "String"
        }
      },
      dockerContentDigest: {
        serializedName: "docker-content-digest",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobStartUploadHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobStartUploadHeaders",
    modelProperties: {
      location: {
        serializedName: "location",
        type: {
          name: "String"
        }
      },
      range: {
        serializedName: "range",
        type: {
          name: "String"
        }
      },
      dockerUploadUuid: {
        serializedName: "docker-upload-uuid",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobGetChunkHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobGetChunkHeaders",
    modelProperties: {
      contentLength: {
        serializedName: "content-length",
        type: {
          name: "Number"
        }
      },
      contentRange: {
        serializedName: "content-range",
        type: {
          name: "String"
        }
      }
    }
  }
};
const ContainerRegistryBlobCheckChunkExistsHeaders = {
  type: {
    name: "Composite",
    className: "ContainerRegistryBlobCheckChunkExistsHeaders",
    modelProperties: {
      contentLength: {
        serializedName: "content-length",
        type: {
          name: "Number"
        }
      },
      contentRange: {
        serializedName: "content-range",
        type: {
          name: "String"
        }
      }
    }
  }
};

var Mappers = /*#__PURE__*/Object.freeze({
    __proto__: null,
    AcrAccessToken: AcrAccessToken,
    AcrErrorInfo: AcrErrorInfo,
    AcrErrors: AcrErrors,
    AcrManifests: AcrManifests,
    AcrRefreshToken: AcrRefreshToken,
    Annotations: Annotations,
    ArtifactManifestPlatform: ArtifactManifestPlatform,
    ArtifactManifestProperties: ArtifactManifestProperties,
    ArtifactTagProperties: ArtifactTagProperties,
    ContainerRegistryBlobCheckBlobExistsHeaders: ContainerRegistryBlobCheckBlobExistsHeaders,
    ContainerRegistryBlobCheckChunkExistsHeaders: ContainerRegistryBlobCheckChunkExistsHeaders,
    ContainerRegistryBlobCompleteUploadHeaders: ContainerRegistryBlobCompleteUploadHeaders,
    ContainerRegistryBlobDeleteBlobHeaders: ContainerRegistryBlobDeleteBlobHeaders,
    ContainerRegistryBlobGetBlobHeaders: ContainerRegistryBlobGetBlobHeaders,
    ContainerRegistryBlobGetChunkHeaders: ContainerRegistryBlobGetChunkHeaders,
    ContainerRegistryBlobGetUploadStatusHeaders: ContainerRegistryBlobGetUploadStatusHeaders,
    ContainerRegistryBlobMountBlobHeaders: ContainerRegistryBlobMountBlobHeaders,
    ContainerRegistryBlobStartUploadHeaders: ContainerRegistryBlobStartUploadHeaders,
    ContainerRegistryBlobUploadChunkHeaders: ContainerRegistryBlobUploadChunkHeaders,
    ContainerRegistryCreateManifestHeaders: ContainerRegistryCreateManifestHeaders,
    ContainerRegistryGetManifestHeaders: ContainerRegistryGetManifestHeaders,
    ContainerRegistryGetManifestsHeaders: ContainerRegistryGetManifestsHeaders,
    ContainerRegistryGetManifestsNextHeaders: ContainerRegistryGetManifestsNextHeaders,
    ContainerRegistryGetRepositoriesHeaders: ContainerRegistryGetRepositoriesHeaders,
    ContainerRegistryGetRepositoriesNextHeaders: ContainerRegistryGetRepositoriesNextHeaders,
    ContainerRegistryGetTagsHeaders: ContainerRegistryGetTagsHeaders,
    ContainerRegistryGetTagsNextHeaders: ContainerRegistryGetTagsNextHeaders,
    ContainerRepositoryProperties: ContainerRepositoryProperties,
    DeleteRepositoryResult: DeleteRepositoryResult,
    Descriptor: Descriptor,
    FsLayer: FsLayer,
    History: History,
    ImageSignature: ImageSignature,
    JWKHeader: JWKHeader,
    Jwk: Jwk,
    Manifest: Manifest,
    ManifestAttributesBase: ManifestAttributesBase,
    ManifestAttributesManifest: ManifestAttributesManifest,
    ManifestList: ManifestList,
    ManifestListAttributes: ManifestListAttributes,
    ManifestWrapper: ManifestWrapper,
    ManifestWriteableProperties: ManifestWriteableProperties,
    OCIIndex: OCIIndex,
    OCIManifest: OCIManifest,
    Paths108HwamOauth2ExchangePostRequestbodyContentApplicationXWwwFormUrlencodedSchema: Paths108HwamOauth2ExchangePostRequestbodyContentApplicationXWwwFormUrlencodedSchema,
    PathsV3R3RxOauth2TokenPostRequestbodyContentApplicationXWwwFormUrlencodedSchema: PathsV3R3RxOauth2TokenPostRequestbodyContentApplicationXWwwFormUrlencodedSchema,
    Platform: Platform,
    Repositories: Repositories,
    RepositoryTags: RepositoryTags,
    RepositoryWriteableProperties: RepositoryWriteableProperties,
    TagAttributesBase: TagAttributesBase,
    TagAttributesTag: TagAttributesTag,
    TagList: TagList,
    TagWriteableProperties: TagWriteableProperties,
    V1Manifest: V1Manifest,
    V2Manifest: V2Manifest
});

const accept = {
  parameterPath: "accept",
  mapper: {
    defaultValue: "application/json",
    isConstant: true,
    serializedName: "Accept",
    type: {
      name: "String"
    }
  }
};
const url = {
  parameterPath: "url",
  mapper: {
    serializedName: "url",
    required: true,
    type: {
      name: "String"
    }
  },
  skipEncoding: true
};
const name = {
  parameterPath: "name",
  mapper: {
    serializedName: "name",
    required: true,
    type: {
      name: "String"
    }
  }
};
const reference = {
  parameterPath: "reference",
  mapper: {
    serializedName: "reference",
    required: true,
    type: {
      name: "String"
    }
  }
};
const accept1 = {
  parameterPath: ["options", "accept"],
  mapper: {
    serializedName: "accept",
    type: {
      name: "String"
    }
  }
};
const payload = {
  parameterPath: "payload",
  mapper: {
    serializedName: "payload",
    required: true,
    type: {
      name: "Stream"
    }
  }
};
const accept2 = {
  parameterPath: "accept",
  mapper: {
    defaultValue: "application/json",
    isConstant: true,
    serializedName: "Accept",
    type: {
      name: "String"
    }
  }
};
const contentType = {
  parameterPath: ["options", "contentType"],
  mapper: {
    serializedName: "Content-Type",
    type: {
      name: "String"
    }
  }
};
const last = {
  parameterPath: ["options", "last"],
  mapper: {
    serializedName: "last",
    type: {
      name: "String"
    }
  }
};
const n = {
  parameterPath: ["options", "n"],
  mapper: {
    serializedName: "n",
    type: {
      name: "Number"
    }
  }
};
const apiVersion = {
  parameterPath: "apiVersion",
  mapper: {
    serializedName: "api-version",
    required: true,
    type: {
      name: "String"
    }
  }
};
const contentType1 = {
  parameterPath: ["options", "contentType"],
  mapper: {
    defaultValue: "application/json",
    isConstant: true,
    serializedName: "Content-Type",
    type: {
      name: "String"
    }
  }
};
const value = {
  parameterPath: ["options", "value"],
  mapper: RepositoryWriteableProperties
};
const orderby = {
  parameterPath: ["options", "orderby"],
  mapper: {
    serializedName: "orderby",
    type: {
      name: "String"
    }
  }
};
const digest = {
  parameterPath: ["options", "digest"],
  mapper: {
    serializedName: "digest",
    type: {
      name: "String"
    }
  }
};
const value1 = {
  parameterPath: ["options", "value"],
  mapper: TagWriteableProperties
};
const digest1 = {
  parameterPath: "digest",
  mapper: {
    serializedName: "digest",
    required: true,
    type: {
      name: "String"
    }
  }
};
const value2 = {
  parameterPath: ["options", "value"],
  mapper: ManifestWriteableProperties
};
const nextLink$1 = {
  parameterPath: "nextLink",
  mapper: {
    serializedName: "nextLink",
    required: true,
    type: {
      name: "String"
    }
  },
  skipEncoding: true
};
const accept3 = {
  parameterPath: "accept",
  mapper: {
    defaultValue: "application/octet-stream",
    isConstant: true,
    serializedName: "Accept",
    type: {
      name: "String"
    }
  }
};
const fromParam = {
  parameterPath: "fromParam",
  mapper: {
    serializedName: "from",
    required: true,
    type: {
      name: "String"
    }
  }
};
const mount = {
  parameterPath: "mount",
  mapper: {
    serializedName: "mount",
    required: true,
    type: {
      name: "String"
    }
  }
};
const nextLink1 = {
  parameterPath: "nextLink",
  mapper: {
    serializedName: "nextBlobUuidLink",
    required: true,
    type: {
      name: "String"
    }
  },
  skipEncoding: true
};
const contentType2 = {
  parameterPath: ["options", "contentType"],
  mapper: {
    defaultValue: "application/octet-stream",
    isConstant: true,
    serializedName: "Content-Type",
    type: {
      name: "String"
    }
  }
};
const value3 = {
  parameterPath: "value",
  mapper: {
    serializedName: "value",
    required: true,
    type: {
      name: "Stream"
    }
  }
};
const value4 = {
  parameterPath: ["options", "value"],
  mapper: {
    serializedName: "value",
    type: {
      name: "Stream"
    }
  }
};
const digest2 = {
  parameterPath: "digest",
  mapper: {
    serializedName: "digest",
    required: true,
    type: {
      name: "String"
    }
  }
};
const range = {
  parameterPath: "range",
  mapper: {
    serializedName: "Range",
    required: true,
    type: {
      name: "String"
    }
  }
};
const contentType3 = {
  parameterPath: ["options", "contentType"],
  mapper: {
    defaultValue: "application/x-www-form-urlencoded",
    isConstant: true,
    serializedName: "Content-Type",
    type: {
      name: "String"
    }
  }
};
const grantType = {
  parameterPath: "grantType",
  mapper: {
    serializedName: "grant_type",
    required: true,
    type: {
      name: "String"
    }
  }
};
const service = {
  parameterPath: "service",
  mapper: {
    serializedName: "service",
    required: true,
    type: {
      name: "String"
    }
  }
};
const tenant = {
  parameterPath: ["options", "tenant"],
  mapper: {
    serializedName: "tenant",
    type: {
      name: "String"
    }
  }
};
const refreshToken = {
  parameterPath: ["options", "refreshToken"],
  mapper: {
    serializedName: "refresh_token",
    type: {
      name: "String"
    }
  }
};
const accessToken = {
  parameterPath: ["options", "accessToken"],
  mapper: {
    serializedName: "access_token",
    type: {
      name: "String"
    }
  }
};
const accept4 = {
  parameterPath: "accept",
  mapper: {
    defaultValue: "application/json",
    isConstant: true,
    serializedName: "Accept",
    type: {
      name: "String"
    }
  }
};
const scope = {
  parameterPath: "scope",
  mapper: {
    serializedName: "scope",
    required: true,
    type: {
      name: "String"
    }
  }
};
const refreshToken1 = {
  parameterPath: "refreshToken",
  mapper: {
    serializedName: "refresh_token",
    required: true,
    type: {
      name: "String"
    }
  }
};
const grantType1 = {
  parameterPath: "grantType",
  mapper: {
    serializedName: "grant_type",
    required: true,
    type: {
      name: "Enum",
      allowedValues: ["refresh_token", "password"]
    }
  }
};

class ContainerRegistryImpl {
  client;
  /**
   * Initialize a new instance of the class ContainerRegistry class.
   * @param client Reference to the service client
   */
  constructor(client) {
    this.client = client;
  }
  /**
   * Tells whether this Docker Registry instance supports Docker Registry HTTP API v2
   * @param options The options parameters.
   */
  checkDockerV2Support(options) {
    return this.client.sendOperationRequest(
      { options },
      checkDockerV2SupportOperationSpec
    );
  }
  /**
   * Get the manifest identified by `name` and `reference` where `reference` can be a tag or digest.
   * @param name Name of the image (including the namespace)
   * @param reference A tag or a digest, pointing to a specific image
   * @param options The options parameters.
   */
  getManifest(name, reference, options) {
    return this.client.sendOperationRequest(
      { name, reference, options },
      getManifestOperationSpec
    );
  }
  /**
   * Put the manifest identified by `name` and `reference` where `reference` can be a tag or digest.
   * @param name Name of the image (including the namespace)
   * @param reference A tag or a digest, pointing to a specific image
   * @param payload Manifest body, can take v1 or v2 values depending on accept header
   * @param options The options parameters.
   */
  createManifest(name, reference, payload, options) {
    return this.client.sendOperationRequest(
      { name, reference, payload, options },
      createManifestOperationSpec
    );
  }
  /**
   * Delete the manifest identified by `name` and `reference`. Note that a manifest can _only_ be deleted
   * by `digest`.
   * @param name Name of the image (including the namespace)
   * @param reference Digest of a BLOB
   * @param options The options parameters.
   */
  deleteManifest(name, reference, options) {
    return this.client.sendOperationRequest(
      { name, reference, options },
      deleteManifestOperationSpec
    );
  }
  /**
   * List repositories
   * @param options The options parameters.
   */
  getRepositories(options) {
    return this.client.sendOperationRequest(
      { options },
      getRepositoriesOperationSpec
    );
  }
  /**
   * Get repository attributes
   * @param name Name of the image (including the namespace)
   * @param options The options parameters.
   */
  getProperties(name, options) {
    return this.client.sendOperationRequest(
      { name, options },
      getPropertiesOperationSpec
    );
  }
  /**
   * Delete the repository identified by `name`
   * @param name Name of the image (including the namespace)
   * @param options The options parameters.
   */
  deleteRepository(name, options) {
    return this.client.sendOperationRequest(
      { name, options },
      deleteRepositoryOperationSpec
    );
  }
  /**
   * Update the attribute identified by `name` where `reference` is the name of the repository.
   * @param name Name of the image (including the namespace)
   * @param options The options parameters.
   */
  updateProperties(name, options) {
    return this.client.sendOperationRequest(
      { name, options },
      updatePropertiesOperationSpec
    );
  }
  /**
   * List tags of a repository
   * @param name Name of the image (including the namespace)
   * @param options The options parameters.
   */
  getTags(name, options) {
    return this.client.sendOperationRequest(
      { name, options },
      getTagsOperationSpec
    );
  }
  /**
   * Get tag attributes by tag
   * @param name Name of the image (including the namespace)
   * @param reference Tag name
   * @param options The options parameters.
   */
  getTagProperties(name, reference, options) {
    return this.client.sendOperationRequest(
      { name, reference, options },
      getTagPropertiesOperationSpec
    );
  }
  /**
   * Update tag attributes
   * @param name Name of the image (including the namespace)
   * @param reference Tag name
   * @param options The options parameters.
   */
  updateTagAttributes(name, reference, options) {
    return this.client.sendOperationRequest(
      { name, reference, options },
      updateTagAttributesOperationSpec
    );
  }
  /**
   * Delete tag
   * @param name Name of the image (including the namespace)
   * @param reference Tag name
   * @param options The options parameters.
   */
  deleteTag(name, reference, options) {
    return this.client.sendOperationRequest(
      { name, reference, options },
      deleteTagOperationSpec
    );
  }
  /**
   * List manifests of a repository
   * @param name Name of the image (including the namespace)
   * @param options The options parameters.
   */
  getManifests(name, options) {
    return this.client.sendOperationRequest(
      { name, options },
      getManifestsOperationSpec
    );
  }
  /**
   * Get manifest attributes
   * @param name Name of the image (including the namespace)
   * @param digest Digest of a BLOB
   * @param options The options parameters.
   */
  getManifestProperties(name, digest, options) {
    return this.client.sendOperationRequest(
      { name, digest, options },
      getManifestPropertiesOperationSpec
    );
  }
  /**
   * Update properties of a manifest
   * @param name Name of the image (including the namespace)
   * @param digest Digest of a BLOB
   * @param options The options parameters.
   */
  updateManifestProperties(name, digest, options) {
    return this.client.sendOperationRequest(
      { name, digest, options },
      updateManifestPropertiesOperationSpec
    );
  }
  /**
   * GetRepositoriesNext
   * @param nextLink The nextLink from the previous successful call to the GetRepositories method.
   * @param options The options parameters.
   */
  getRepositoriesNext(nextLink, options) {
    return this.client.sendOperationRequest(
      { nextLink, options },
      getRepositoriesNextOperationSpec
    );
  }
  /**
   * GetTagsNext
   * @param name Name of the image (including the namespace)
   * @param nextLink The nextLink from the previous successful call to the GetTags method.
   * @param options The options parameters.
   */
  getTagsNext(name, nextLink, options) {
    return this.client.sendOperationRequest(
      { name, nextLink, options },
      getTagsNextOperationSpec
    );
  }
  /**
   * GetManifestsNext
   * @param name Name of the image (including the namespace)
   * @param nextLink The nextLink from the previous successful call to the GetManifests method.
   * @param options The options parameters.
   */
  getManifestsNext(name, nextLink, options) {
    return this.client.sendOperationRequest(
      { name, nextLink, options },
      getManifestsNextOperationSpec
    );
  }
}
const serializer$2 = createSerializer(
  Mappers,
  /* isXml */
  false
);
const checkDockerV2SupportOperationSpec = {
  path: "/v2/",
  httpMethod: "GET",
  responses: {
    200: {},
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url],
  headerParameters: [accept],
  serializer: serializer$2
};
const getManifestOperationSpec = {
  path: "/v2/{name}/manifests/{reference}",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: {
        type: { name: "Stream" },
        serializedName: "parsedResponse"
      },
      headersMapper: ContainerRegistryGetManifestHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, name, reference],
  headerParameters: [accept, accept1],
  serializer: serializer$2
};
const createManifestOperationSpec = {
  path: "/v2/{name}/manifests/{reference}",
  httpMethod: "PUT",
  responses: {
    201: {
      headersMapper: ContainerRegistryCreateManifestHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  requestBody: payload,
  urlParameters: [url, name, reference],
  headerParameters: [accept2, contentType],
  mediaType: "binary",
  serializer: serializer$2
};
const deleteManifestOperationSpec = {
  path: "/v2/{name}/manifests/{reference}",
  httpMethod: "DELETE",
  responses: {
    202: {},
    404: {},
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, name, reference],
  headerParameters: [accept],
  serializer: serializer$2
};
const getRepositoriesOperationSpec = {
  path: "/acr/v1/_catalog",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: Repositories,
      headersMapper: ContainerRegistryGetRepositoriesHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  queryParameters: [last, n, apiVersion],
  urlParameters: [url],
  headerParameters: [accept],
  serializer: serializer$2
};
const getPropertiesOperationSpec = {
  path: "/acr/v1/{name}",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: ContainerRepositoryProperties
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  queryParameters: [apiVersion],
  urlParameters: [url, name],
  headerParameters: [accept],
  serializer: serializer$2
};
const deleteRepositoryOperationSpec = {
  path: "/acr/v1/{name}",
  httpMethod: "DELETE",
  responses: {
    202: {},
    404: {},
    default: {
      bodyMapper: AcrErrors
    }
  },
  queryParameters: [apiVersion],
  urlParameters: [url, name],
  headerParameters: [accept],
  serializer: serializer$2
};
const updatePropertiesOperationSpec = {
  path: "/acr/v1/{name}",
  httpMethod: "PATCH",
  responses: {
    200: {
      bodyMapper: ContainerRepositoryProperties
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  requestBody: value,
  queryParameters: [apiVersion],
  urlParameters: [url, name],
  headerParameters: [accept, contentType1],
  mediaType: "json",
  serializer: serializer$2
};
const getTagsOperationSpec = {
  path: "/acr/v1/{name}/_tags",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: TagList,
      headersMapper: ContainerRegistryGetTagsHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  queryParameters: [
    last,
    n,
    apiVersion,
    orderby,
    digest
  ],
  urlParameters: [url, name],
  headerParameters: [accept],
  serializer: serializer$2
};
const getTagPropertiesOperationSpec = {
  path: "/acr/v1/{name}/_tags/{reference}",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: ArtifactTagProperties
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  queryParameters: [apiVersion],
  urlParameters: [url, name, reference],
  headerParameters: [accept],
  serializer: serializer$2
};
const updateTagAttributesOperationSpec = {
  path: "/acr/v1/{name}/_tags/{reference}",
  httpMethod: "PATCH",
  responses: {
    200: {
      bodyMapper: ArtifactTagProperties
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  requestBody: value1,
  queryParameters: [apiVersion],
  urlParameters: [url, name, reference],
  headerParameters: [accept, contentType1],
  mediaType: "json",
  serializer: serializer$2
};
const deleteTagOperationSpec = {
  path: "/acr/v1/{name}/_tags/{reference}",
  httpMethod: "DELETE",
  responses: {
    202: {},
    404: {},
    default: {
      bodyMapper: AcrErrors
    }
  },
  queryParameters: [apiVersion],
  urlParameters: [url, name, reference],
  headerParameters: [accept],
  serializer: serializer$2
};
const getManifestsOperationSpec = {
  path: "/acr/v1/{name}/_manifests",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: AcrManifests,
      headersMapper: ContainerRegistryGetManifestsHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  queryParameters: [
    last,
    n,
    apiVersion,
    orderby
  ],
  urlParameters: [url, name],
  headerParameters: [accept],
  serializer: serializer$2
};
const getManifestPropertiesOperationSpec = {
  path: "/acr/v1/{name}/_manifests/{digest}",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: ArtifactManifestProperties
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  queryParameters: [apiVersion],
  urlParameters: [url, name, digest1],
  headerParameters: [accept],
  serializer: serializer$2
};
const updateManifestPropertiesOperationSpec = {
  path: "/acr/v1/{name}/_manifests/{digest}",
  httpMethod: "PATCH",
  responses: {
    200: {
      bodyMapper: ArtifactManifestProperties
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  requestBody: value2,
  queryParameters: [apiVersion],
  urlParameters: [url, name, digest1],
  headerParameters: [accept, contentType1],
  mediaType: "json",
  serializer: serializer$2
};
const getRepositoriesNextOperationSpec = {
  path: "{nextLink}",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: Repositories,
      headersMapper: ContainerRegistryGetRepositoriesNextHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, nextLink$1],
  headerParameters: [accept],
  serializer: serializer$2
};
const getTagsNextOperationSpec = {
  path: "{nextLink}",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: TagList,
      headersMapper: ContainerRegistryGetTagsNextHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, name, nextLink$1],
  headerParameters: [accept],
  serializer: serializer$2
};
const getManifestsNextOperationSpec = {
  path: "{nextLink}",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: AcrManifests,
      headersMapper: ContainerRegistryGetManifestsNextHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, name, nextLink$1],
  headerParameters: [accept],
  serializer: serializer$2
};

class ContainerRegistryBlobImpl {
  client;
  /**
   * Initialize a new instance of the class ContainerRegistryBlob class.
   * @param client Reference to the service client
   */
  constructor(client) {
    this.client = client;
  }
  /**
   * Retrieve the blob from the registry identified by digest.
   * @param name Name of the image (including the namespace)
   * @param digest Digest of a BLOB
   * @param options The options parameters.
   */
  getBlob(name, digest, options) {
    return this.client.sendOperationRequest(
      { name, digest, options },
      getBlobOperationSpec
    );
  }
  /**
   * Same as GET, except only the headers are returned.
   * @param name Name of the image (including the namespace)
   * @param digest Digest of a BLOB
   * @param options The options parameters.
   */
  checkBlobExists(name, digest, options) {
    return this.client.sendOperationRequest(
      { name, digest, options },
      checkBlobExistsOperationSpec
    );
  }
  /**
   * Removes an already uploaded blob.
   * @param name Name of the image (including the namespace)
   * @param digest Digest of a BLOB
   * @param options The options parameters.
   */
  deleteBlob(name, digest, options) {
    return this.client.sendOperationRequest(
      { name, digest, options },
      deleteBlobOperationSpec
    );
  }
  /**
   * Mount a blob identified by the `mount` parameter from another repository.
   * @param name Name of the image (including the namespace)
   * @param fromParam Name of the source repository.
   * @param mount Digest of blob to mount from the source repository.
   * @param options The options parameters.
   */
  mountBlob(name, fromParam, mount, options) {
    return this.client.sendOperationRequest(
      { name, fromParam, mount, options },
      mountBlobOperationSpec
    );
  }
  /**
   * Retrieve status of upload identified by uuid. The primary purpose of this endpoint is to resolve the
   * current status of a resumable upload.
   * @param nextLink Link acquired from upload start or previous chunk. Note, do not include initial /
   *                 (must do substring(1) )
   * @param options The options parameters.
   */
  getUploadStatus(nextLink, options) {
    return this.client.sendOperationRequest(
      { nextLink, options },
      getUploadStatusOperationSpec
    );
  }
  /**
   * Upload a stream of data without completing the upload.
   * @param nextLink Link acquired from upload start or previous chunk. Note, do not include initial /
   *                 (must do substring(1) )
   * @param value Raw data of blob
   * @param options The options parameters.
   */
  uploadChunk(nextLink, value, options) {
    return this.client.sendOperationRequest(
      { nextLink, value, options },
      uploadChunkOperationSpec
    );
  }
  /**
   * Complete the upload, providing all the data in the body, if necessary. A request without a body will
   * just complete the upload with previously uploaded content.
   * @param digest Digest of a BLOB
   * @param nextLink Link acquired from upload start or previous chunk. Note, do not include initial /
   *                 (must do substring(1) )
   * @param options The options parameters.
   */
  completeUpload(digest, nextLink, options) {
    return this.client.sendOperationRequest(
      { digest, nextLink, options },
      completeUploadOperationSpec
    );
  }
  /**
   * Cancel outstanding upload processes, releasing associated resources. If this is not called, the
   * unfinished uploads will eventually timeout.
   * @param nextLink Link acquired from upload start or previous chunk. Note, do not include initial /
   *                 (must do substring(1) )
   * @param options The options parameters.
   */
  cancelUpload(nextLink, options) {
    return this.client.sendOperationRequest(
      { nextLink, options },
      cancelUploadOperationSpec
    );
  }
  /**
   * Initiate a resumable blob upload with an empty request body.
   * @param name Name of the image (including the namespace)
   * @param options The options parameters.
   */
  startUpload(name, options) {
    return this.client.sendOperationRequest(
      { name, options },
      startUploadOperationSpec
    );
  }
  /**
   * Retrieve the blob from the registry identified by `digest`. This endpoint may also support RFC7233
   * compliant range requests. Support can be detected by issuing a HEAD request. If the header
   * `Accept-Range: bytes` is returned, range requests can be used to fetch partial content.
   * @param name Name of the image (including the namespace)
   * @param digest Digest of a BLOB
   * @param range Format : bytes=<start>-<end>,  HTTP Range header specifying blob chunk.
   * @param options The options parameters.
   */
  getChunk(name, digest, range, options) {
    return this.client.sendOperationRequest(
      { name, digest, range, options },
      getChunkOperationSpec
    );
  }
  /**
   * Same as GET, except only the headers are returned.
   * @param name Name of the image (including the namespace)
   * @param digest Digest of a BLOB
   * @param range Format : bytes=<start>-<end>,  HTTP Range header specifying blob chunk.
   * @param options The options parameters.
   */
  checkChunkExists(name, digest, range, options) {
    return this.client.sendOperationRequest(
      { name, digest, range, options },
      checkChunkExistsOperationSpec
    );
  }
}
const serializer$1 = createSerializer(
  Mappers,
  /* isXml */
  false
);
const getBlobOperationSpec = {
  path: "/v2/{name}/blobs/{digest}",
  httpMethod: "GET",
  responses: {
    200: {
      bodyMapper: {
        type: { name: "Stream" },
        serializedName: "parsedResponse"
      },
      headersMapper: ContainerRegistryBlobGetBlobHeaders
    },
    307: {
      headersMapper: ContainerRegistryBlobGetBlobHeaders
    },
    default: {}
  },
  urlParameters: [url, name, digest1],
  headerParameters: [accept3],
  serializer: serializer$1
};
const checkBlobExistsOperationSpec = {
  path: "/v2/{name}/blobs/{digest}",
  httpMethod: "HEAD",
  responses: {
    200: {
      headersMapper: ContainerRegistryBlobCheckBlobExistsHeaders
    },
    307: {
      headersMapper: ContainerRegistryBlobCheckBlobExistsHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, name, digest1],
  headerParameters: [accept],
  serializer: serializer$1
};
const deleteBlobOperationSpec = {
  path: "/v2/{name}/blobs/{digest}",
  httpMethod: "DELETE",
  responses: {
    202: {
      headersMapper: ContainerRegistryBlobDeleteBlobHeaders
    },
    404: {},
    default: {}
  },
  urlParameters: [url, name, digest1],
  serializer: serializer$1
};
const mountBlobOperationSpec = {
  path: "/v2/{name}/blobs/uploads/",
  httpMethod: "POST",
  responses: {
    201: {
      headersMapper: ContainerRegistryBlobMountBlobHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  queryParameters: [fromParam, mount],
  urlParameters: [url, name],
  headerParameters: [accept],
  serializer: serializer$1
};
const getUploadStatusOperationSpec = {
  path: "/{nextBlobUuidLink}",
  httpMethod: "GET",
  responses: {
    204: {
      headersMapper: ContainerRegistryBlobGetUploadStatusHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, nextLink1],
  headerParameters: [accept],
  serializer: serializer$1
};
const uploadChunkOperationSpec = {
  path: "/{nextBlobUuidLink}",
  httpMethod: "PATCH",
  responses: {
    202: {
      headersMapper: ContainerRegistryBlobUploadChunkHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  requestBody: value3,
  urlParameters: [url, nextLink1],
  headerParameters: [accept2, contentType2],
  mediaType: "binary",
  serializer: serializer$1
};
const completeUploadOperationSpec = {
  path: "/{nextBlobUuidLink}",
  httpMethod: "PUT",
  responses: {
    201: {
      headersMapper: ContainerRegistryBlobCompleteUploadHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  requestBody: value4,
  queryParameters: [digest2],
  urlParameters: [url, nextLink1],
  headerParameters: [accept2, contentType2],
  mediaType: "binary",
  serializer: serializer$1
};
const cancelUploadOperationSpec = {
  path: "/{nextBlobUuidLink}",
  httpMethod: "DELETE",
  responses: {
    204: {},
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, nextLink1],
  headerParameters: [accept],
  serializer: serializer$1
};
const startUploadOperationSpec = {
  path: "/v2/{name}/blobs/uploads/",
  httpMethod: "POST",
  responses: {
    202: {
      headersMapper: ContainerRegistryBlobStartUploadHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, name],
  headerParameters: [accept],
  serializer: serializer$1
};
const getChunkOperationSpec = {
  path: "/v2/{name}/blobs/{digest}",
  httpMethod: "GET",
  responses: {
    206: {
      bodyMapper: {
        type: { name: "Stream" },
        serializedName: "parsedResponse"
      },
      headersMapper: ContainerRegistryBlobGetChunkHeaders
    },
    default: {}
  },
  urlParameters: [url, name, digest1],
  headerParameters: [accept3, range],
  serializer: serializer$1
};
const checkChunkExistsOperationSpec = {
  path: "/v2/{name}/blobs/{digest}",
  httpMethod: "HEAD",
  responses: {
    200: {
      headersMapper: ContainerRegistryBlobCheckChunkExistsHeaders
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  urlParameters: [url, name, digest1],
  headerParameters: [accept, range],
  serializer: serializer$1
};

class AuthenticationImpl {
  client;
  /**
   * Initialize a new instance of the class Authentication class.
   * @param client Reference to the service client
   */
  constructor(client) {
    this.client = client;
  }
  /**
   * Exchange AAD tokens for an ACR refresh Token
   * @param grantType Can take a value of access_token_refresh_token, or access_token, or refresh_token
   * @param service Indicates the name of your Azure container registry.
   * @param options The options parameters.
   */
  exchangeAadAccessTokenForAcrRefreshToken(grantType, service, options) {
    return this.client.sendOperationRequest(
      { grantType, service, options },
      exchangeAadAccessTokenForAcrRefreshTokenOperationSpec
    );
  }
  /**
   * Exchange ACR Refresh token for an ACR Access Token
   * @param service Indicates the name of your Azure container registry.
   * @param scope Which is expected to be a valid scope, and can be specified more than once for multiple
   *              scope requests. You obtained this from the Www-Authenticate response header from the challenge.
   * @param refreshToken Must be a valid ACR refresh token
   * @param grantType Grant type is expected to be refresh_token
   * @param options The options parameters.
   */
  exchangeAcrRefreshTokenForAcrAccessToken(service, scope, refreshToken, grantType, options) {
    return this.client.sendOperationRequest(
      { service, scope, refreshToken, grantType, options },
      exchangeAcrRefreshTokenForAcrAccessTokenOperationSpec
    );
  }
}
const serializer = createSerializer(
  Mappers,
  /* isXml */
  false
);
const exchangeAadAccessTokenForAcrRefreshTokenOperationSpec = {
  path: "/oauth2/exchange",
  httpMethod: "POST",
  responses: {
    200: {
      bodyMapper: AcrRefreshToken
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  formDataParameters: [
    grantType,
    service,
    tenant,
    refreshToken,
    accessToken
  ],
  queryParameters: [apiVersion],
  urlParameters: [url],
  headerParameters: [contentType3, accept4],
  serializer
};
const exchangeAcrRefreshTokenForAcrAccessTokenOperationSpec = {
  path: "/oauth2/token",
  httpMethod: "POST",
  responses: {
    200: {
      bodyMapper: AcrAccessToken
    },
    default: {
      bodyMapper: AcrErrors
    }
  },
  formDataParameters: [
    service,
    scope,
    refreshToken1,
    grantType1
  ],
  queryParameters: [apiVersion],
  urlParameters: [url],
  headerParameters: [contentType3, accept4],
  serializer
};

class GeneratedClient extends ServiceClient {
  url;
  apiVersion;
  /**
   * Initializes a new instance of the GeneratedClient class.
   * @param url Registry login URL
   * @param apiVersion Api Version
   * @param options The parameter options
   */
  constructor(url, apiVersion, options) {
    if (url === void 0) {
      throw new Error("'url' cannot be null");
    }
    if (apiVersion === void 0) {
      throw new Error("'apiVersion' cannot be null");
    }
    if (!options) {
      options = {};
    }
    const defaults = {
      requestContentType: "application/json; charset=utf-8"
    };
    const packageDetails = `azsdk-js-container-registry/1.1.0-beta.4`;
    const userAgentPrefix = options.userAgentOptions && options.userAgentOptions.userAgentPrefix ? `${options.userAgentOptions.userAgentPrefix} ${packageDetails}` : `${packageDetails}`;
    const optionsWithDefaults = {
      ...defaults,
      ...options,
      userAgentOptions: {
        userAgentPrefix
      },
      endpoint: options.endpoint ?? options.baseUri ?? "{url}"
    };
    super(optionsWithDefaults);
    this.url = url;
    this.apiVersion = apiVersion;
    this.containerRegistry = new ContainerRegistryImpl(this);
    this.containerRegistryBlob = new ContainerRegistryBlobImpl(this);
    this.authentication = new AuthenticationImpl(this);
    this.addCustomApiVersionPolicy(apiVersion);
  }
  /** A function that adds a policy that sets the api-version (or equivalent) to reflect the library version. */
  addCustomApiVersionPolicy(apiVersion) {
    if (!apiVersion) {
      return;
    }
    const apiVersionPolicy = {
      name: "CustomApiVersionPolicy",
      async sendRequest(request, next) {
        const param = request.url.split("?");
        if (param.length > 1) {
          const newParams = param[1].split("&").map((item) => {
            if (item.indexOf("api-version") > -1) {
              return "api-version=" + apiVersion;
            } else {
              return item;
            }
          });
          request.url = param[0] + "?" + newParams.join("&");
        }
        return next(request);
      }
    };
    this.pipeline.addPolicy(apiVersionPolicy);
  }
  containerRegistry;
  containerRegistryBlob;
  authentication;
}

const SDK_VERSION = "1.1.2";

const tracingClient = createTracingClient({
  namespace: "Microsoft.ContainerRegistry",
  packageName: "@azure/container-registry",
  packageVersion: SDK_VERSION
});

function extractNextLink(value) {
  return value?.substr(1, value.indexOf(">") - 1);
}
function isDigest$1(tagOrDigest) {
  return tagOrDigest.includes(":");
}
async function readStreamToEnd(stream, maxLength) {
  const buffers = [];
  let bytesRead = 0;
  return new Promise((resolve, reject) => {
    stream.on("data", (chunk) => {
      buffers.push(chunk);
      bytesRead += chunk.length;
      if (maxLength && bytesRead > maxLength) {
        reject(new Error(`Stream exceeded maximum allowed length of ${maxLength} bytes.`));
      }
    });
    stream.on("end", () => resolve(Buffer.concat(buffers)));
    stream.on("error", (err) => reject(err));
  });
}
async function* readChunksFromStream(stream, chunkSize) {
  let chunk = Buffer.alloc(chunkSize);
  let chunkCursor = 0;
  for await (const data of stream) {
    const dataAsBuffer = Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8");
    let dataCursor = 0;
    while (dataCursor < dataAsBuffer.length) {
      const bytesCopied = dataAsBuffer.copy(chunk, chunkCursor, dataCursor);
      dataCursor += bytesCopied;
      chunkCursor += bytesCopied;
      if (chunkCursor >= chunkSize) {
        yield chunk;
        chunkCursor = 0;
        chunk = Buffer.alloc(chunkSize);
      }
    }
  }
  if (chunkCursor > 0) {
    yield chunk.subarray(0, chunkCursor);
  }
}

function parseWWWAuthenticate(wwwAuthenticate) {
  const pattern = /(\w+?)="(.*?)"/g;
  const value = {};
  let match;
  while ((match = pattern.exec(wwwAuthenticate)) !== null) {
    value[match[1]] = match[2];
  }
  return value;
}

function delay(t, value) {
  return new Promise((resolve) => setTimeout(() => resolve(value), t));
}
const DEFAULT_CYCLER_OPTIONS = {
  forcedRefreshWindowInMs: 1e3,
  // Force waiting for a refresh 1s before the token expires
  retryIntervalInMs: 3e3,
  // Allow refresh attempts every 3s
  refreshWindowInMs: 1e3 * 60 * 2
  // Start refreshing 2m before expiry
};
async function beginRefresh(getAccessToken, retryIntervalInMs, refreshTimeout) {
  async function tryGetAccessToken() {
    if (Date.now() < refreshTimeout) {
      try {
        return await getAccessToken();
      } catch {
        return null;
      }
    } else {
      const finalToken = await getAccessToken();
      if (finalToken === null) {
        throw new Error("Failed to refresh access token.");
      }
      return finalToken;
    }
  }
  let token = await tryGetAccessToken();
  while (token === null) {
    await delay(retryIntervalInMs);
    token = await tryGetAccessToken();
  }
  return token;
}
function createTokenCycler(credential, tokenCyclerOptions) {
  let refreshWorker = null;
  let token = null;
  const options = {
    ...DEFAULT_CYCLER_OPTIONS,
    ...tokenCyclerOptions
  };
  const cycler = {
    /**
     * Produces true if a refresh job is currently in progress.
     */
    get isRefreshing() {
      return refreshWorker !== null;
    },
    /**
     * Produces true if the cycler SHOULD refresh (we are within the refresh
     * window and not already refreshing)
     */
    get shouldRefresh() {
      return !cycler.isRefreshing && (token?.expiresOnTimestamp ?? 0) - options.refreshWindowInMs < Date.now();
    },
    /**
     * Produces true if the cycler MUST refresh (null or nearly-expired
     * token).
     */
    get mustRefresh() {
      return token === null || token.expiresOnTimestamp - options.forcedRefreshWindowInMs < Date.now();
    }
  };
  function refresh(scopes, getTokenOptions) {
    if (!cycler.isRefreshing) {
      const tryGetAccessToken = () => credential.getToken(scopes, getTokenOptions);
      refreshWorker = beginRefresh(
        tryGetAccessToken,
        options.retryIntervalInMs,
        // If we don't have a token, then we should timeout immediately
        token?.expiresOnTimestamp ?? Date.now()
      ).then((_token) => {
        refreshWorker = null;
        token = _token;
        return token;
      }).catch((reason) => {
        refreshWorker = null;
        token = null;
        throw reason;
      });
    }
    return refreshWorker;
  }
  return {
    get cachedToken() {
      return token || void 0;
    },
    getToken: async (scopes, tokenOptions) => {
      if (cycler.mustRefresh) return refresh(scopes, tokenOptions);
      if (cycler.shouldRefresh) {
        refresh(scopes, tokenOptions);
      }
      return token;
    }
  };
}

const fiveMinutesInMs = 5 * 60 * 1e3;
class ChallengeHandler {
  constructor(credential, options = {}) {
    this.credential = credential;
    this.options = options;
    this.cycler = createTokenCycler(credential, {
      refreshWindowInMs: fiveMinutesInMs
    });
  }
  cycler;
  cachedAcrAccessToken;
  authorizeRequest(options) {
    if (this.cachedAcrAccessToken) {
      options.request.headers.set("Authorization", `Bearer ${this.cachedAcrAccessToken}`);
    }
    return Promise.resolve();
  }
  /**
   * Updates  the authentication context based on the challenge.
   */
  async authorizeRequestOnChallenge(options) {
    const challenge = options.response?.headers.get("WWW-Authenticate");
    if (!challenge) {
      throw new Error("Failed to retrieve challenge from response headers");
    }
    const { service, scope } = parseWWWAuthenticate(challenge);
    if (!service) {
      throw new Error("Failed to retrieve 'service' from challenge");
    }
    if (!scope) {
      throw new Error("Failed to retrieve 'scope' from challenge");
    }
    let grantType;
    let acrRefreshToken;
    if (this.credential.isAnonymousAccess) {
      grantType = "password";
      acrRefreshToken = "";
    } else {
      grantType = "refresh_token";
      acrRefreshToken = (await this.cycler.getToken(scope, { ...options, service })).token;
    }
    const acrAccessToken = await this.credential.tokenService.ExchangeAcrRefreshTokenForAcrAccessTokenAsync(
      acrRefreshToken,
      service,
      scope,
      grantType,
      this.options
    );
    options.request.headers.set("Authorization", `Bearer ${acrAccessToken}`);
    this.cachedAcrAccessToken = acrAccessToken;
    return true;
  }
}

function toManifestWritableProperties(from) {
  return from ? {
    canDelete: from.canDelete,
    canList: from.canList,
    canRead: from.canRead,
    canWrite: from.canWrite
  } : void 0;
}
function toArtifactManifestProperties(from, repositoryName, registryLoginServer) {
  return {
    registryLoginServer,
    repositoryName,
    digest: from.digest,
    sizeInBytes: from.size,
    createdOn: from.createdOn,
    lastUpdatedOn: from.lastUpdatedOn,
    architecture: from.architecture ?? void 0,
    operatingSystem: from.operatingSystem ?? void 0,
    relatedArtifacts: from.relatedArtifacts ?? [],
    tags: from.tags ?? [],
    ...toManifestWritableProperties(from)
  };
}
function toServiceTagOrderBy(orderBy) {
  return orderBy === "LastUpdatedOnAscending" ? "timeasc" : orderBy === "LastUpdatedOnDescending" ? "timedesc" : void 0;
}
function toServiceManifestOrderBy(orderBy) {
  return orderBy === "LastUpdatedOnAscending" ? "timeasc" : orderBy === "LastUpdatedOnDescending" ? "timedesc" : void 0;
}

class RegistryArtifactImpl {
  /**
   * Creates an instance of a RegistryArtifact.
   * @param registryEndpoint - the URL to the Container Registry endpoint
   * @param repositoryName - the name of the repository
   * @param tagOrDigest - the tag or digest of this artifact
   * @param client - the generated client that interacts with service
   */
  constructor(registryEndpoint, repositoryName, tagOrDigest, client) {
    this.tagOrDigest = tagOrDigest;
    this.registryEndpoint = registryEndpoint;
    this.repositoryName = repositoryName;
    const parsedUrl = new URL(registryEndpoint);
    if (isDigest$1(tagOrDigest)) {
      this.digest = tagOrDigest;
      this.fullyQualifiedReference = `${parsedUrl.hostname}/${repositoryName}@${this.digest}`;
    } else {
      this.fullyQualifiedReference = `${parsedUrl.hostname}/${repositoryName}:${tagOrDigest}`;
    }
    this.client = client;
  }
  client;
  /**
   * The Azure Container Registry endpoint.
   */
  registryEndpoint;
  /**
   * Repository name.
   */
  repositoryName;
  /**
   * Name of the form 'registry-login-server/repository-name\@digest' or
   *   'registry-login-server/repository-name:tag'
   */
  fullyQualifiedReference;
  digest;
  /**
   * digest of this artifact.
   */
  async getDigest() {
    if (this.digest) {
      return this.digest;
    }
    if (!isDigest$1(this.tagOrDigest)) {
      this.digest = (await this.getTagProperties(this.tagOrDigest)).digest;
    } else {
      this.digest = this.tagOrDigest;
    }
    return this.digest;
  }
  /**
   * Deletes this registry artifact by deleting its manifest.
   * @param options -
   */
  async delete(options = {}) {
    return tracingClient.withSpan(
      "RegistryArtifactImpl.delete",
      options,
      async (updatedOptions) => {
        await this.client.containerRegistry.deleteManifest(
          this.repositoryName,
          await this.getDigest(),
          updatedOptions
        );
      }
    );
  }
  /**
   * Deletes a tag. This removes the tag from the artifact and its manifest.
   * @param tag - the name of the tag to delete.
   * @param options -
   */
  async deleteTag(tag, options = {}) {
    if (!tag) {
      throw new Error("invalid tag");
    }
    return tracingClient.withSpan(
      "RegistryArtifactImpl.deleteTag",
      options,
      async (updatedOptions) => {
        await this.client.containerRegistry.deleteTag(this.repositoryName, tag, updatedOptions);
      }
    );
  }
  /**
   * Retrieves the properties of the manifest that uniquely identifies this artifact.
   * @param options -
   */
  async getManifestProperties(options = {}) {
    return tracingClient.withSpan(
      "RegistryArtifactImpl.getManifestProperties",
      options,
      async (updatedOptions) => {
        const result = await this.client.containerRegistry.getManifestProperties(
          this.repositoryName,
          await this.getDigest(),
          updatedOptions
        );
        return toArtifactManifestProperties(
          result,
          this.repositoryName,
          result.registryLoginServer
        );
      }
    );
  }
  /**
   * Updates the properties of the artifact's manifest.
   *
   * Example usage:
   *
   * ```ts snippet:RegistryArtifactUpdateManifestProperties
   * import { ContainerRegistryClient } from "@azure/container-registry";
   * import { DefaultAzureCredential } from "@azure/identity";
   *
   * const endpoint = "https://myregistryname.azurecr.io";
   * const repositoryName = "library/hello-world";
   * const artifactTagOrDigest = "latest";
   * const client = new ContainerRegistryClient(endpoint, new DefaultAzureCredential());
   *
   * const artifact = client.getArtifact(repositoryName, artifactTagOrDigest);
   * const updated = await artifact.updateManifestProperties({
   *   canDelete: false,
   *   canList: false,
   *   canRead: false,
   *   canWrite: false,
   * });
   * ```
   * @param options - options to update manifest properties
   */
  async updateManifestProperties(options) {
    return tracingClient.withSpan(
      "RegistryArtifactImpl.updateManifestProperties",
      {
        ...options,
        value: {
          canDelete: options.canDelete,
          canWrite: options.canWrite,
          canList: options.canList,
          canRead: options.canRead
        }
      },
      async (updatedOptions) => {
        const result = await this.client.containerRegistry.updateManifestProperties(
          this.repositoryName,
          await this.getDigest(),
          updatedOptions
        );
        return toArtifactManifestProperties(
          result,
          this.repositoryName,
          result.registryLoginServer
        );
      }
    );
  }
  /**
   * Retrieves the properties of the specified tag.
   * @param tag - the tag to retrieve properties.
   * @param options - options to get tag properties
   */
  async getTagProperties(tag, options = {}) {
    if (!tag) {
      throw new Error("invalid tag");
    }
    return tracingClient.withSpan(
      "RegistryArtifactImpl.getTagProperties",
      options,
      (updatedOptions) => {
        return this.client.containerRegistry.getTagProperties(
          this.repositoryName,
          tag,
          updatedOptions
        );
      }
    );
  }
  /**
   * Updates the properties of a given tag.
   *
   * Example usage:
   *
   * ```ts snippet:RegistryArtifactUpdateTagProperties
   * import { ContainerRegistryClient } from "@azure/container-registry";
   * import { DefaultAzureCredential } from "@azure/identity";
   *
   * const endpoint = "https://myregistryname.azurecr.io";
   * const repositoryName = "library/hello-world";
   * const artifactTagOrDigest = "latest";
   * const tag = "latest";
   * const client = new ContainerRegistryClient(endpoint, new DefaultAzureCredential());
   *
   * const artifact = client.getArtifact(repositoryName, artifactTagOrDigest);
   * const updated = await artifact.updateTagProperties(tag, {
   *   canDelete: false,
   *   canList: false,
   *   canRead: false,
   *   canWrite: false,
   * });
   * ```
   * @param tag - name of the tag to update properties on
   * @param options - options to update tag properties
   */
  async updateTagProperties(tag, options) {
    if (!tag) {
      throw new Error("invalid tag");
    }
    return tracingClient.withSpan(
      "RegistryArtifactImpl.updateTagProperties",
      {
        ...options,
        value: {
          canDelete: options.canDelete,
          canWrite: options.canWrite,
          canList: options.canList,
          canRead: options.canRead
        }
      },
      (updatedOptions) => {
        return this.client.containerRegistry.updateTagAttributes(
          this.repositoryName,
          tag,
          updatedOptions
        );
      }
    );
  }
  /**
   * Returns an async iterable iterator to list the tags that uniquely identify this artifact and the properties of each.
   *
   * Example using `for-await-of` syntax:
   *
   * ```ts snippet:RegistryArtifactListTagProperties
   * import { ContainerRegistryClient } from "@azure/container-registry";
   * import { DefaultAzureCredential } from "@azure/identity";
   *
   * const endpoint = "https://myregistryname.azurecr.io";
   * const repositoryName = "library/hello-world";
   * const artifactTagOrDigest = "latest";
   * const client = new ContainerRegistryClient(endpoint, new DefaultAzureCredential());
   *
   * const artifact = client.getArtifact(repositoryName, artifactTagOrDigest);
   * for await (const tag of artifact.listTagProperties()) {
   *   console.log("tag: ", tag);
   * }
   * ```
   *
   * @param options - options to list tags
   */
  listTagProperties(options = {}) {
    const iter = this.listTagsItems(options);
    return {
      next() {
        return iter.next();
      },
      [Symbol.asyncIterator]() {
        return this;
      },
      byPage: (settings = {}) => this.listTagsPage(settings, options)
    };
  }
  async *listTagsItems(options = {}) {
    for await (const page of this.listTagsPage({}, options)) {
      yield* page;
    }
  }
  async *listTagsPage(continuationState, options = {}) {
    const orderby = toServiceTagOrderBy(options.order);
    if (!continuationState.continuationToken) {
      const optionsComplete = {
        ...options,
        n: continuationState.maxPageSize,
        orderby
      };
      const currentPage = await this.client.containerRegistry.getTags(
        this.repositoryName,
        optionsComplete
      );
      continuationState.continuationToken = extractNextLink(currentPage.link);
      if (currentPage.tagAttributeBases) {
        const array = currentPage.tagAttributeBases.map((t) => {
          return {
            registryLoginServer: currentPage.registryLoginServer,
            repositoryName: currentPage.repository,
            ...t
          };
        });
        yield Object.defineProperty(array, "continuationToken", {
          value: continuationState.continuationToken,
          enumerable: true
        });
      }
    }
    while (continuationState.continuationToken) {
      const currentPage = await this.client.containerRegistry.getTagsNext(
        this.repositoryName,
        continuationState.continuationToken,
        options
      );
      continuationState.continuationToken = extractNextLink(currentPage.link);
      if (currentPage.tagAttributeBases) {
        const array = currentPage.tagAttributeBases.map((t) => {
          return {
            registryLoginServer: currentPage.registryLoginServer,
            repositoryName: currentPage.repository,
            ...t
          };
        });
        yield Object.defineProperty(array, "continuationToken", {
          value: continuationState.continuationToken,
          enumerable: true
        });
      }
    }
  }
}

class ContainerRepositoryImpl {
  client;
  /**
   * The Azure Container Registry endpoint.
   */
  registryEndpoint;
  /**
   * Repository name.
   */
  name;
  /**
   * Creates an instance of a ContainerRepository.
   * @param registryEndpoint - the URL to the Container Registry endpoint
   * @param name - the name of the repository
   * @param client - the generated client that interacts with service
   */
  constructor(registryEndpoint, name, client) {
    this.registryEndpoint = registryEndpoint;
    this.name = name;
    this.client = client;
  }
  /**
   * Deletes this repository and all artifacts that are part of its logical group.
   *
   * @param options - optional configuration for the operation
   */
  async delete(options = {}) {
    return tracingClient.withSpan(
      "ContainerRepositoryImpl.delete",
      options,
      async (updatedOptions) => {
        await this.client.containerRegistry.deleteRepository(this.name, updatedOptions);
      }
    );
  }
  /**
   * Returns an helper instance of {@link RegistryArtifact} for the given tag or digest.
   * @param tagOrDigest - the tag or digest of the artifact
   */
  getArtifact(tagOrDigest) {
    if (!tagOrDigest) {
      throw new Error("invalid tagOrDigest");
    }
    return new RegistryArtifactImpl(this.registryEndpoint, this.name, tagOrDigest, this.client);
  }
  /**
   * Retrieves the properties of this repository.
   * @param options - The options for the operation.
   */
  async getProperties(options = {}) {
    return tracingClient.withSpan(
      "ContainerRepositoryImpl.getProperties",
      options,
      (updatedOptions) => {
        return this.client.containerRegistry.getProperties(this.name, updatedOptions);
      }
    );
  }
  /**
   * Updates the properties of this repository.
   *
   * Example usage:
   *
   * ```ts snippet:ContainerRepositoryUpdateProperties
   * import { ContainerRegistryClient } from "@azure/container-registry";
   * import { DefaultAzureCredential } from "@azure/identity";
   *
   * const endpoint = "https://myregistryname.azurecr.io";
   * const repositoryName = "library/hello-world";
   * const client = new ContainerRegistryClient(endpoint, new DefaultAzureCredential());
   * const repository = client.getRepository(repositoryName);
   *
   * const updated = await repository.updateProperties({
   *   canDelete: false,
   *   canList: false,
   *   canRead: false,
   *   canWrite: false,
   * });
   * ```
   * @param options - The options for the operation.
   */
  async updateProperties(options) {
    const value = {
      canDelete: options.canDelete,
      canWrite: options.canWrite,
      canList: options.canList,
      canRead: options.canRead
    };
    return tracingClient.withSpan(
      "ContainerRepositoryImpl.updateProperties",
      { ...options, value },
      (updatedOptions) => {
        return this.client.containerRegistry.updateProperties(this.name, updatedOptions);
      }
    );
  }
  /**
   * Returns an async iterable iterator to list manifest properties.
   * This is useful for determining the collection of artifacts associated with
   * this repository, as each artifact is uniquely identified by its manifest.
   *
   * Example using `for-await-of` syntax:
   *
   * ```ts snippet:ContainerRepositoryListManifestProperties
   * import { ContainerRegistryClient } from "@azure/container-registry";
   * import { DefaultAzureCredential } from "@azure/identity";
   *
   * const endpoint = "https://myregistryname.azurecr.io";
   * const repositoryName = "library/hello-world";
   * const client = new ContainerRegistryClient(endpoint, new DefaultAzureCredential());
   * const repository = client.getRepository(repositoryName);
   *
   * for await (const manifest of repository.listManifestProperties()) {
   *   console.log("manifest: ", manifest);
   * }
   * ```
   *
   * @param options - The options for the operation.
   */
  listManifestProperties(options = {}) {
    const iter = this.listManifestsItems(options);
    return {
      next() {
        return iter.next();
      },
      [Symbol.asyncIterator]() {
        return this;
      },
      byPage: (settings = {}) => this.listManifestsPage(settings, options)
    };
  }
  async *listManifestsItems(options = {}) {
    for await (const page of this.listManifestsPage({}, options)) {
      yield* page;
    }
  }
  async *listManifestsPage(continuationState, options = {}) {
    const orderby = toServiceManifestOrderBy(options.order);
    if (!continuationState.continuationToken) {
      const optionsComplete = {
        ...options,
        n: continuationState.maxPageSize,
        orderby
      };
      const currentPage = await this.client.containerRegistry.getManifests(
        this.name,
        optionsComplete
      );
      continuationState.continuationToken = extractNextLink(currentPage.link);
      if (currentPage.manifests) {
        const array = currentPage.manifests.map(
          (t) => toArtifactManifestProperties(t, this.name, currentPage.registryLoginServer)
        );
        yield Object.defineProperty(array, "continuationToken", {
          value: continuationState.continuationToken,
          enumerable: true
        });
      }
    }
    while (continuationState.continuationToken) {
      const currentPage = await this.client.containerRegistry.getManifestsNext(
        this.name,
        continuationState.continuationToken,
        options
      );
      continuationState.continuationToken = extractNextLink(currentPage.link);
      if (currentPage.manifests) {
        const array = currentPage.manifests.map(
          (t) => toArtifactManifestProperties(t, this.name, currentPage.registryLoginServer)
        );
        yield Object.defineProperty(array, "continuationToken", {
          value: continuationState.continuationToken,
          enumerable: true
        });
      }
    }
  }
}

function base64decode(encodedString) {
  return Buffer.from(encodedString, "base64").toString();
}

class ContainerRegistryRefreshTokenCredential {
  constructor(authClient, authenticationScope, credential) {
    this.authenticationScope = authenticationScope;
    this.credential = credential;
    this.tokenService = new ContainerRegistryTokenService(authClient);
    this.isAnonymousAccess = !this.credential;
  }
  tokenService;
  isAnonymousAccess;
  async getToken(_scopes, options) {
    if (!this.credential) {
      return null;
    }
    const aadToken = await this.credential.getToken(this.authenticationScope, options);
    if (!aadToken) {
      throw new Error("Failed to retrieve AAD token.");
    }
    return this.tokenService.ExchangeAadAccessTokenForAcrRefreshTokenAsync(
      aadToken.token,
      options.service,
      options
    );
  }
}
class ContainerRegistryTokenService {
  constructor(authClient) {
    this.authClient = authClient;
  }
  async ExchangeAadAccessTokenForAcrRefreshTokenAsync(aadAccessToken, service, options) {
    const acrRefreshToken = await this.authClient.authentication.exchangeAadAccessTokenForAcrRefreshToken(
      "access_token",
      service,
      {
        ...options,
        accessToken: aadAccessToken
      }
    );
    if (!acrRefreshToken.refreshToken) {
      throw new Error("Failed to exchange AAD access token for an ACR refresh token.");
    }
    const jwtParts = acrRefreshToken.refreshToken.split(".");
    if (jwtParts.length < 3) {
      throw new Error("Invalid JWT structure from ACR refresh token.");
    }
    if (!jwtParts[1]) {
      throw new Error("Invalid JWT payload.");
    }
    const jwtPayload = JSON.parse(base64decode(jwtParts[1]));
    if (!jwtPayload.exp) {
      throw new Error("Invalid JWT payload structure. No expiration.");
    }
    const expiry = Number.parseInt(jwtPayload.exp) * 1e3;
    return {
      token: acrRefreshToken.refreshToken,
      expiresOnTimestamp: expiry
    };
  }
  async ExchangeAcrRefreshTokenForAcrAccessTokenAsync(acrRefreshToken, service, scope, grantType, options) {
    const acrAccessToken = await this.authClient.authentication.exchangeAcrRefreshTokenForAcrAccessToken(
      service,
      scope,
      acrRefreshToken,
      grantType,
      options
    );
    if (!acrAccessToken.accessToken) {
      throw new Error("Failed to exchange ACR refresh token for an ACR access token");
    }
    return acrAccessToken.accessToken;
  }
}

const LATEST_API_VERSION$1 = "2021-07-01";
class ContainerRegistryClient {
  /**
   * The Azure Container Registry endpoint.
   */
  endpoint;
  client;
  constructor(endpoint, credentialOrOptions, clientOptions = {}) {
    if (!endpoint) {
      throw new Error("invalid endpoint");
    }
    this.endpoint = endpoint;
    let credential;
    let options;
    if (isTokenCredential(credentialOrOptions)) {
      credential = credentialOrOptions;
      options = clientOptions;
    } else {
      options = credentialOrOptions ?? {};
    }
    const internalPipelineOptions = {
      ...options,
      redirectOptions: {
        allowCrossOriginRedirects: true,
        ...options?.redirectOptions
      },
      loggingOptions: {
        logger: logger.info,
        // This array contains header names we want to log that are not already
        // included as safe. Unknown/unsafe headers are logged as "<REDACTED>".
        additionalAllowedQueryParameters: ["last", "n", "orderby", "digest"]
      }
    };
    const defaultScope = `${options.audience ?? "https://containerregistry.azure.net"}/.default`;
    const serviceVersion = options.serviceVersion ?? LATEST_API_VERSION$1;
    const authClient = new GeneratedClient(endpoint, serviceVersion, internalPipelineOptions);
    this.client = new GeneratedClient(endpoint, serviceVersion, internalPipelineOptions);
    this.client.pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({
        credential,
        scopes: [defaultScope],
        challengeCallbacks: new ChallengeHandler(
          new ContainerRegistryRefreshTokenCredential(authClient, defaultScope, credential)
        )
      })
    );
  }
  /**
   * Deletes the repository identified by the given name and all associated artifacts.
   *
   * @param repositoryName - the name of repository to delete
   * @param options - optional configuration for the operation
   */
  async deleteRepository(repositoryName, options = {}) {
    if (!repositoryName) {
      throw new Error("invalid repositoryName");
    }
    return tracingClient.withSpan(
      "ContainerRegistryClient.deleteRepository",
      options,
      async (updatedOptions) => {
        await this.client.containerRegistry.deleteRepository(repositoryName, updatedOptions);
      }
    );
  }
  /**
   * Returns an instance of {@link RegistryArtifact} for calling service methods related to the artifact specified by `repositoryName` and `tagOrDigest`.
   *
   * @param repositoryName - the name of repository
   * @param tagOrDigest - tag or digest of the artifact to retrieve
   */
  getArtifact(repositoryName, tagOrDigest) {
    if (!repositoryName) {
      throw new Error("invalid repositoryName");
    }
    if (!tagOrDigest) {
      throw new Error("invalid tagOrDigest");
    }
    return new ContainerRepositoryImpl(this.endpoint, repositoryName, this.client).getArtifact(
      tagOrDigest
    );
  }
  /**
   * Returns an instance of {@link ContainerRepository} for calling service methods related to the repository specified by `repositoryName`.
   *
   * @param repositoryName - the name of repository
   */
  getRepository(repositoryName) {
    if (!repositoryName) {
      throw new Error("invalid repositoryName");
    }
    return new ContainerRepositoryImpl(this.endpoint, repositoryName, this.client);
  }
  /**
   * Returns an async iterable iterator to list names of repositories in this registry.
   *
   * Example usage:
   * ```ts snippet:SampleReadmeListRepositories
   * import { ContainerRegistryClient, KnownContainerRegistryAudience } from "@azure/container-registry";
   * import { DefaultAzureCredential } from "@azure/identity";
   *
   * const endpoint = "https://myregistryname.azurecr.io";
   * const client = new ContainerRegistryClient(endpoint, new DefaultAzureCredential(), {
   *   audience: KnownContainerRegistryAudience.AzureResourceManagerPublicCloud,
   * });
   *
   * const iterator = client.listRepositoryNames();
   * for await (const repository of iterator) {
   *   console.log(`  repository: ${repository}`);
   * }
   * ```
   *
   * @param options - The options for the request
   */
  listRepositoryNames(options = {}) {
    const iter = this.listRepositoryItems(options);
    return {
      next() {
        return iter.next();
      },
      [Symbol.asyncIterator]() {
        return this;
      },
      byPage: (settings = {}) => this.listRepositoriesPage(settings, options)
    };
  }
  async *listRepositoryItems(options = {}) {
    for await (const page of this.listRepositoriesPage({}, options)) {
      yield* page;
    }
  }
  async *listRepositoriesPage(continuationState, options = {}) {
    if (!continuationState.continuationToken) {
      const optionsComplete = {
        ...options,
        n: continuationState.maxPageSize
      };
      const currentPage = await this.client.containerRegistry.getRepositories(optionsComplete);
      continuationState.continuationToken = extractNextLink(currentPage.link);
      if (currentPage.repositories) {
        const array = currentPage.repositories;
        yield Object.defineProperty(array, "continuationToken", {
          value: continuationState.continuationToken,
          enumerable: true
        });
      }
    }
    while (continuationState.continuationToken) {
      const currentPage = await this.client.containerRegistry.getRepositoriesNext(
        continuationState.continuationToken,
        options
      );
      continuationState.continuationToken = extractNextLink(currentPage.link);
      if (currentPage.repositories) {
        const array = currentPage.repositories;
        yield Object.defineProperty(array, "continuationToken", {
          value: continuationState.continuationToken,
          enumerable: true
        });
      }
    }
  }
}

var KnownManifestMediaType = /* @__PURE__ */ ((KnownManifestMediaType2) => {
  KnownManifestMediaType2["OciImageManifest"] = "application/vnd.oci.image.manifest.v1+json";
  KnownManifestMediaType2["DockerManifest"] = "application/vnd.docker.distribution.manifest.v2+json";
  return KnownManifestMediaType2;
})(KnownManifestMediaType || {});

function calculateDigest(bufferOrStream) {
  const hash = crypto.createHash("sha256");
  if (Buffer$1.isBuffer(bufferOrStream)) {
    return Promise.resolve(`sha256:${hash.update(bufferOrStream).digest("hex")}`);
  } else {
    bufferOrStream.pipe(hash);
    return new Promise((resolve, reject) => {
      bufferOrStream.on("end", () => {
        hash.end();
        resolve(`sha256:${hash.digest("hex")}`);
      });
      bufferOrStream.on("error", (err) => reject(err));
    });
  }
}

class RetriableReadableStream extends Readable {
  /**
   * Creates an instance of RetriableReadableStream.
   *
   * @param source - The current ReadableStream returned from getter
   * @param getter - A method calling downloading request returning
   *                                      a new ReadableStream from specified offset
   * @param offset - Offset position in original data source to read
   * @param count - How much data in original data source to read
   * @param options -
   */
  constructor(source, getter, offset, count, options = {}) {
    super({ highWaterMark: options.highWaterMark });
    this.source = source;
    this.getter = getter;
    this.offset = offset;
    this.getter = getter;
    this.start = offset;
    this.end = offset + count - 1;
    this.maxRetryRequests = options.maxRetryRequests && options.maxRetryRequests >= 0 ? options.maxRetryRequests : 0;
    this.onData = options.onData;
    this.onEnd = options.onEnd;
    this.onProgress = options.onProgress;
    this.options = options;
    this.setSourceEventHandlers();
  }
  start;
  end;
  retries = 0;
  maxRetryRequests;
  onData;
  onEnd;
  onProgress;
  options;
  _read() {
    this.source.resume();
  }
  setSourceEventHandlers() {
    this.source.on("data", this.sourceDataHandler);
    this.source.on("end", this.sourceErrorOrEndHandler);
    this.source.on("error", this.sourceErrorOrEndHandler);
    this.source.on("aborted", this.sourceAbortedHandler);
  }
  removeSourceEventHandlers() {
    this.source.removeListener("data", this.sourceDataHandler);
    this.source.removeListener("end", this.sourceErrorOrEndHandler);
    this.source.removeListener("error", this.sourceErrorOrEndHandler);
    this.source.removeListener("aborted", this.sourceAbortedHandler);
  }
  sourceDataHandler = (data) => {
    if (this.options.doInjectErrorOnce) {
      this.options.doInjectErrorOnce = void 0;
      this.source.pause();
      this.sourceErrorOrEndHandler();
      this.source.destroy();
      return;
    }
    this.offset += data.length;
    if (this.offset > this.end + 1) {
      this.destroy(
        new Error(
          `Data corruption failure: Received more data than original request, data needed offset is ${this.end}, received offset: ${this.offset - 1}`
        )
      );
    }
    this.onData?.(data);
    this.onProgress?.({ loadedBytes: this.offset - this.start });
    if (!this.push(data)) {
      this.source.pause();
    }
  };
  sourceAbortedHandler = () => {
    const abortError = new AbortError("The operation was aborted.");
    this.destroy(abortError);
  };
  sourceErrorOrEndHandler = (err) => {
    if (err && err.name === "AbortError") {
      this.destroy(err);
      return;
    }
    this.removeSourceEventHandlers();
    if (this.offset - 1 === this.end) {
      this.onEnd?.();
      this.push(null);
    } else if (this.offset <= this.end) {
      if (this.retries < this.maxRetryRequests) {
        this.retries += 1;
        this.getter(this.offset).then((newSource) => {
          this.source = newSource;
          this.setSourceEventHandlers();
          return;
        }).catch((error) => {
          this.destroy(error);
        });
      } else {
        this.destroy(
          new Error(
            `Data corruption failure: received less data than required and reached maxRetires limitation. Received data offset: ${this.offset - 1}, data needed offset: ${this.end}, retries: ${this.retries}, max retries: ${this.maxRetryRequests}`
          )
        );
      }
    } else {
      this.destroy(
        new Error(
          `Data corruption failure: Received more data than original request, data needed offset is ${this.end}, received offset: ${this.offset - 1}`
        )
      );
    }
  };
  _destroy(error, callback) {
    this.removeSourceEventHandlers();
    this.source.destroy();
    callback(error === null ? void 0 : error);
  }
}

const LATEST_API_VERSION = "2021-07-01";
const CHUNK_SIZE = 4 * 1024 * 1024;
const MAX_MANIFEST_SIZE_BYTES = 4 * 1024 * 1024;
const ACCEPTED_MANIFEST_MEDIA_TYPES = [
  KnownManifestMediaType.OciImageManifest,
  KnownManifestMediaType.DockerManifest,
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.container.image.v1+json"
];
function isReadableStream(body) {
  return body && typeof body.pipe === "function";
}
function assertHasProperty(obj, property) {
  if (!Object.prototype.hasOwnProperty.call(obj, property)) {
    throw new RestError(`Expected property ${String(property)} to be defined.`);
  }
}
class DigestMismatchError extends Error {
  constructor(message) {
    super(message);
    this.name = "DigestMismatchError";
  }
}
class ContainerRegistryContentClient {
  /**
   * The Azure Container Registry endpoint.
   */
  endpoint;
  /**
   * The name of the repository that logically groups the artifact parts.
   */
  repositoryName;
  client;
  /**
   * Creates an instance of a ContainerRegistryContentClient for managing container images and artifacts.
   *
   * Example usage:
   * ```ts snippet:SampleReadmeCreateContainerRegistryContentClient
   * import { ContainerRegistryContentClient } from "@azure/container-registry";
   * import { DefaultAzureCredential } from "@azure/identity";
   *
   * const endpoint = "https://myregistryname.azurecr.io";
   * const repository = "library/hello-world";
   * const client = new ContainerRegistryContentClient(
   *   endpoint,
   *   repository,
   *   new DefaultAzureCredential(),
   * );
   * ```
   * @param endpoint - the URL endpoint of the container registry
   * @param repositoryName - the name of the repository that logically groups the artifact parts
   * @param credential - used to authenticate requests to the service
   * @param options - optional configuration used to send requests to the service
   */
  constructor(endpoint, repositoryName, credential, options = {}) {
    if (!endpoint) {
      throw new Error("invalid endpoint");
    }
    this.endpoint = endpoint;
    this.repositoryName = repositoryName;
    const internalPipelineOptions = {
      ...options,
      redirectOptions: {
        allowCrossOriginRedirects: true,
        ...options.redirectOptions
      },
      loggingOptions: {
        logger: logger.info,
        // This array contains header names we want to log that are not already
        // included as safe. Unknown/unsafe headers are logged as "<REDACTED>".
        additionalAllowedQueryParameters: [
          "last",
          "n",
          "orderby",
          "digest",
          "_nouploadcache",
          "_state"
        ]
      }
    };
    const defaultScope = `${options.audience ?? "https://containerregistry.azure.net"}/.default`;
    const serviceVersion = options.serviceVersion ?? LATEST_API_VERSION;
    const authClient = new GeneratedClient(endpoint, serviceVersion, internalPipelineOptions);
    this.client = new GeneratedClient(endpoint, serviceVersion, internalPipelineOptions);
    this.client.pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({
        credential,
        scopes: [defaultScope],
        challengeCallbacks: new ChallengeHandler(
          new ContainerRegistryRefreshTokenCredential(authClient, defaultScope, credential)
        )
      })
    );
  }
  /**
   * Delete a blob.
   * @param digest - the digest of the blob to delete
   * @param options - optional configuration used to send requests to the service
   */
  async deleteBlob(digest, options = {}) {
    return tracingClient.withSpan(
      "ContainerRegistryContentClient.deleteBlob",
      options,
      async (updatedOptions) => {
        await this.client.containerRegistryBlob.deleteBlob(
          this.repositoryName,
          digest,
          updatedOptions
        );
      }
    );
  }
  /**
   * Upload a manifest for an OCI artifact.
   *
   * @param manifest - the manifest to upload.
   */
  async setManifest(manifest, options = {}) {
    return tracingClient.withSpan(
      "ContainerRegistryContentClient.uploadManifest",
      options,
      async (updatedOptions) => {
        let manifestBody;
        let tagOrDigest = options?.tag;
        if (Buffer.isBuffer(manifest)) {
          manifestBody = manifest;
          tagOrDigest ??= await calculateDigest(manifest);
        } else if (isReadableStream(manifest)) {
          manifestBody = await readStreamToEnd(manifest);
          tagOrDigest ??= await calculateDigest(manifestBody);
        } else {
          manifestBody = Buffer.from(JSON.stringify(manifest));
          tagOrDigest ??= await calculateDigest(manifestBody);
        }
        const createManifestResult = await this.client.containerRegistry.createManifest(
          this.repositoryName,
          tagOrDigest,
          manifestBody,
          {
            contentType: options?.mediaType ?? KnownManifestMediaType.OciImageManifest,
            ...updatedOptions
          }
        );
        assertHasProperty(createManifestResult, "dockerContentDigest");
        return { digest: createManifestResult.dockerContentDigest };
      }
    );
  }
  /**
   * Downloads the manifest for an OCI artifact.
   *
   * @param tagOrDigest - a tag or digest that identifies the artifact
   * @returns - the downloaded manifest.
   */
  async getManifest(tagOrDigest, options = {}) {
    return tracingClient.withSpan(
      "ContainerRegistryContentClient.downloadManifest",
      options,
      async (updatedOptions) => {
        const response = await this.client.containerRegistry.getManifest(
          this.repositoryName,
          tagOrDigest,
          {
            accept: ACCEPTED_MANIFEST_MEDIA_TYPES.join(", "),
            ...updatedOptions
          }
        );
        assertHasProperty(response, "mediaType");
        const content = response.readableStreamBody ? await readStreamToEnd(response.readableStreamBody, MAX_MANIFEST_SIZE_BYTES) : Buffer.alloc(0);
        const expectedDigest = await calculateDigest(content);
        if (isDigest$1(tagOrDigest) && expectedDigest !== tagOrDigest) {
          throw new DigestMismatchError(
            "Digest of downloaded manifest does not match the input digest"
          );
        }
        if (response.dockerContentDigest !== expectedDigest) {
          throw new DigestMismatchError(
            "Computed digest of downloaded manifest does not match the value of the Docker-Content-Digest header"
          );
        }
        return {
          digest: response.dockerContentDigest,
          mediaType: response.mediaType,
          content,
          manifest: JSON.parse(content.toString("utf-8"))
        };
      }
    );
  }
  /**
   * Delete a manifest. Doing so effectively deletes an artifact from the registry.
   *
   * @param digest - the digest of the manifest to delete
   * @param options - optional configuration used to send requests to the service
   */
  async deleteManifest(digest, options = {}) {
    return tracingClient.withSpan(
      "ContainerRegistryContentClient.deleteManifest",
      options,
      async (updatedOptions) => {
        await this.client.containerRegistry.deleteManifest(
          this.repositoryName,
          digest,
          updatedOptions
        );
      }
    );
  }
  /**
   * Upload an artifact blob.
   *
   * @param blobStream - the stream containing the blob data.
   */
  async uploadBlob(blob, options = {}) {
    return tracingClient.withSpan(
      "ContainerRegistryContentClient.uploadBlob",
      options,
      async (updatedOptions) => {
        const blobStream = Buffer.isBuffer(blob) ? Readable.from(blob) : blob;
        const startUploadResult = await this.client.containerRegistryBlob.startUpload(
          this.repositoryName,
          updatedOptions
        );
        assertHasProperty(startUploadResult, "location");
        let location = startUploadResult.location.substring(1);
        const chunks = readChunksFromStream(blobStream, CHUNK_SIZE);
        const hash = crypto.createHash("sha256");
        let bytesUploaded = 0;
        for await (const chunk of chunks) {
          hash.write(chunk);
          const result = await this.client.containerRegistryBlob.uploadChunk(
            location,
            chunk,
            updatedOptions
          );
          bytesUploaded += chunk.byteLength;
          assertHasProperty(result, "location");
          location = result.location.substring(1);
        }
        hash.end();
        const digest = `sha256:${hash.digest("hex")}`;
        const { dockerContentDigest: digestFromResponse } = await this.client.containerRegistryBlob.completeUpload(digest, location, updatedOptions);
        if (digest !== digestFromResponse) {
          throw new DigestMismatchError(
            "Digest of blob to upload does not match the digest from the server."
          );
        }
        return { digest, sizeInBytes: bytesUploaded };
      }
    );
  }
  /**
   * Download a blob that is part of an artifact.
   *
   * @param digest - the digest of the blob to download
   * @param options - optional configuration used to send requests to the service
   * @returns - the downloaded blob
   */
  async downloadBlob(digest, options = {}) {
    return tracingClient.withSpan(
      "ContainerRegistryContentClient.downloadBlob",
      options,
      async (updatedOptions) => {
        const initialResponse = await this.client.containerRegistryBlob.getBlob(
          this.repositoryName,
          digest,
          updatedOptions
        );
        assertHasProperty(initialResponse, "readableStreamBody");
        assertHasProperty(initialResponse, "contentLength");
        const hash = crypto.createHash("sha256");
        return {
          digest,
          content: new RetriableReadableStream(
            initialResponse.readableStreamBody,
            async (pos) => {
              const retryResponse = await this.client.containerRegistryBlob.getChunk(
                this.repositoryName,
                digest,
                `${pos}-`,
                updatedOptions
              );
              assertHasProperty(retryResponse, "readableStreamBody");
              return retryResponse.readableStreamBody;
            },
            0,
            initialResponse.contentLength,
            {
              onData: (data) => hash.write(data),
              onEnd: () => {
                hash.end();
                const calculatedDigest = `sha256:${hash.digest("hex")}`;
                if (digest !== calculatedDigest) {
                  throw new DigestMismatchError(
                    "Digest calculated from downloaded blob content does not match digest requested."
                  );
                }
              }
            }
          )
        };
      }
    );
  }
}

/** `Reading manifest team/web:prod`-style step names for plain OCI calls. */
function describeCall(method, path, repository) {
    const rest = path.startsWith(`/v2/${repository}/`) ? path.slice(`/v2/${repository}/`.length) : path;
    const [kind, ...ref] = rest.split('/');
    const what = ref.join('/');
    const verb = method === 'GET' || method === 'HEAD' ? 'Reading' : method === 'DELETE' ? 'Deleting' : 'Writing';
    switch (kind) {
        case 'manifests':
            return `${verb} manifest ${repository}${what.includes(':') ? '@' : ':'}${what}`;
        case 'blobs':
            return what.startsWith('uploads')
                ? `Uploading a blob to ${repository}`
                : `${verb} blob ${what} of ${repository}`;
        case 'tags':
            return `Listing tags of ${repository}`;
        case 'referrers':
            return `Listing referrers of ${repository}@${what}`;
        default:
            return `${method} ${path}`;
    }
}
function statusOf(error) {
    const status = error?.statusCode;
    return typeof status === 'number' ? status : undefined;
}
function codeOf(error) {
    const code = error?.code;
    if (typeof code === 'string')
        return code;
    const status = statusOf(error);
    return status ? `HTTP ${status}` : undefined;
}
function stepError(step, error) {
    // The SDK's RestError carries the registry's OCI error body as text: name its code, not just the status.
    const oci = ociError(error?.response?.bodyAsText);
    const status = statusOf(error);
    if (oci && status)
        return new StepError(step, `${oci.code}, HTTP ${status}`, oci.message);
    const message = messageOf(error);
    return new StepError(step, codeOf(error), message);
}
/** The first entry of an OCI distribution error body (`{"errors":[{"code","message"}]}`), if it is one. */
function ociError(text) {
    try {
        const first = JSON.parse(text ?? '').errors?.[0];
        return first?.code ? { code: first.code, message: first.message ?? '' } : undefined;
    }
    catch {
        return undefined;
    }
}
function expectStatus(res, ok, step) {
    if (ok.includes(res.status))
        return;
    const oci = ociError(res.bodyAsText);
    if (oci)
        throw new StepError(step, `${oci.code}, HTTP ${res.status}`, oci.message);
    throw new StepError(step, `HTTP ${res.status}`, (res.bodyAsText ?? '').slice(0, 300) || 'no response body');
}

// The OCI wire format the registry target speaks: media types, descriptors, manifests, referrers, digests.
// Plain data and pure functions, shared by the client, the records and both registry targets.
const MediaTypes = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    ociEmpty: 'application/vnd.oci.empty.v1+json',
};
const MANIFEST_ACCEPT = [
    MediaTypes.ociManifest,
    MediaTypes.ociIndex,
    MediaTypes.dockerManifest,
    MediaTypes.dockerList,
].join(', ');
function sha256(bytes) {
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
/** The fallback tag of the OCI 1.1 referrers tag schema: `sha256:abc…` → `sha256-abc…`. */
function fallbackTag(digest) {
    return digest.replace(':', '-').slice(0, 128);
}

// One repository in one registry: the SDK content client for manifests, plus plain OCI distribution calls
// (tags, HEAD, blobs, referrers) sent through the SDK's own pipeline so the ACR challenge flow
// (/oauth2/exchange → /oauth2/token) and retries apply to them as well.
class RepositoryClient {
    config;
    endpoint;
    /** Replaced once by `renewAuth` when the registry rejects the SDK's cached ACR token. */
    content;
    acrClient;
    authRenewed = false;
    /** Bumped by `renewAuth`: a call that started before a renewal retries on the renewed clients. */
    authGeneration = 0;
    /** Set for a short read-back after a failed write, which must work even after the deadline passed. */
    graceSignal;
    /**
     * Whether the registry answers the OCI 1.1 referrers API; undefined until asked. The spec forbids a 404 from
     * a registry that has it, so after one 404 every later listing goes straight to the fallback index.
     */
    referrersApi;
    constructor(config) {
        this.config = config;
        this.endpoint = `${config.scheme ?? 'https'}://${config.registry}`;
        // The SDK accepts no credential at run time: it then uses the anonymous ACR flow, and registries that
        // never challenge are simply called without Authorization.
        this.content = this.contentClient();
    }
    contentClient() {
        const { repository, credential } = this.config;
        return new ContainerRegistryContentClient(this.endpoint, repository, credential, sdkOptions(this.config));
    }
    /**
     * The SDK keeps its ACR refresh token until shortly before the token's `exp`, even after the registry rejected
     * it (revoked, or the token service changed keys): every later call would fail with 401. New SDK clients
     * exchange the Entra token again. At most once per client, so a real refusal still fails.
     */
    renewAuth() {
        if (this.authRenewed || !this.config.credential)
            return false;
        this.authRenewed = true;
        this.authGeneration++;
        this.content = this.contentClient();
        this.acrClient = undefined;
        return true;
    }
    /**
     * An SDK call, retried once with renewed auth after a 401 the SDK's own challenge handling did not fix. Calls
     * in flight together (a ring's tag writes) share the one renewal: each that met the 401 retries once.
     */
    async authed(call, rejected = () => false) {
        const generation = this.authGeneration;
        const renewed = () => this.authGeneration !== generation || this.renewAuth();
        try {
            const result = await call();
            if (!rejected(result) || !renewed())
                return result;
        }
        catch (error) {
            if (statusOf(error) !== 401 || !renewed())
                throw error;
        }
        return call();
    }
    get registry() {
        return this.config.registry;
    }
    /** The signal every call of this client passes to the SDK. */
    get abortSignal() {
        return this.graceSignal ?? this.config.deadline?.signal;
    }
    /** A timeout error naming the step when the deadline has passed, else the step and the service's code. */
    fail(step, error) {
        if (!this.graceSignal) {
            const timedOut = this.config.deadline?.timedOut(step);
            if (timedOut)
                return timedOut;
        }
        return error instanceof StepError ? error : stepError(step, error);
    }
    get repository() {
        return this.config.repository;
    }
    /** ACR-only `/acr/v1/…` client, created on first use. */
    acr() {
        this.acrClient ??= this.config.credential
            ? new ContainerRegistryClient(this.endpoint, this.config.credential, sdkOptions(this.config))
            : new ContainerRegistryClient(this.endpoint, sdkOptions(this.config));
        return this.acrClient;
    }
    /**
     * An ACR `/acr/v1/` SDK call (locks), retried once with renewed auth after a 401 like every other call. The
     * client is taken inside `call`, so the retry uses the one the renewal builds.
     */
    async acrCall(step, call) {
        try {
            return await this.authed(() => call(this.acr(), this.abortSignal));
        }
        catch (error) {
            throw this.fail(step, error);
        }
    }
    /** Send one request through the SDK client's pipeline (auth challenge, retries, TLS options). */
    async send(method, pathOrUrl, options = {}) {
        const url = new URL(pathOrUrl, this.endpoint);
        const abortSignal = this.abortSignal;
        const sendOnce = () => {
            const service = this.content.client;
            if (!service || typeof service.sendRequest !== 'function') {
                throw new Error('The @azure/container-registry client has an unexpected shape (no internal pipeline).');
            }
            const request = createPipelineRequest({
                url: url.toString(),
                method,
                headers: createHttpHeaders(options.headers ?? {}),
                ...(options.body ? { body: options.body } : {}),
                ...(options.stream ? { streamResponseStatusCodes: new Set([200]) } : {}),
                ...(abortSignal ? { abortSignal } : {}),
            });
            return service.sendRequest(request);
        };
        // A stream body cannot be sent twice.
        const replayable = !options.body || Buffer.isBuffer(options.body);
        try {
            return replayable ? await this.authed(sendOnce, (res) => res.status === 401) : await sendOnce();
        }
        catch (error) {
            // Network errors after the SDK's retries, and aborts: name the step instead of a bare socket error.
            throw this.fail(describeCall(method, url.pathname, this.config.repository), error);
        }
    }
    path(kind, ref = '') {
        const repo = this.config.repository;
        if (kind === 'tags')
            return `/v2/${repo}/tags/list`;
        return `/v2/${repo}/${kind}/${ref}`;
    }
    /** Resolve a tag or digest to its manifest digest (HEAD). undefined when it does not exist. */
    async resolve(reference) {
        const res = await this.send('HEAD', this.path('manifests', reference), {
            headers: { Accept: MANIFEST_ACCEPT },
        });
        if (res.status === 404)
            return undefined;
        expectStatus(res, [200], `Reading ${this.display(reference)}`);
        const digest = res.headers.get('docker-content-digest');
        const mediaType = res.headers.get('content-type') ?? '';
        if (digest)
            return { digest, mediaType };
        // Registries may omit the digest header on HEAD: fall back to a GET and hash the body.
        const manifest = await this.getManifest(reference);
        return manifest && { digest: manifest.digest, mediaType: manifest.mediaType };
    }
    /** GET a manifest with the SDK (verifies the digest of the bytes). undefined on 404. */
    async getManifest(reference) {
        try {
            const abortSignal = this.abortSignal;
            const result = await this.authed(() => this.content.getManifest(reference, { abortSignal }));
            return {
                digest: result.digest,
                mediaType: result.mediaType,
                content: result.content,
                json: result.manifest,
            };
        }
        catch (error) {
            if (statusOf(error) === 404)
                return undefined;
            throw this.fail(`Reading manifest ${this.display(reference)}`, error);
        }
    }
    /** Retag on the server: PUT the exact bytes under a tag (the SDK's setManifest). Returns the digest. */
    async setManifest(content, mediaType, tag) {
        try {
            const options = { mediaType, ...(tag ? { tag } : {}), abortSignal: this.abortSignal };
            const result = await this.authed(() => this.content.setManifest(content, options));
            return result.digest;
        }
        catch (error) {
            throw this.fail(`Writing manifest ${this.display(tag ?? sha256(content))}`, error);
        }
    }
    /** PUT a manifest with a plain call, for the `OCI-Subject` response header the SDK does not surface. */
    async putManifest(reference, content, mediaType) {
        const res = await this.send('PUT', this.path('manifests', reference), {
            headers: { 'Content-Type': mediaType },
            body: content,
        });
        expectStatus(res, [201], `Writing manifest ${this.display(reference)}`);
        return {
            digest: res.headers.get('docker-content-digest') ?? sha256(content),
            subjectProcessed: res.headers.has('oci-subject'),
        };
    }
    /** Every tag in the repository, following `Link` pagination. */
    async listTags() {
        const tags = [];
        let next = `${this.path('tags')}?n=1000`;
        for (let page = 0; next && page < 100; page++) {
            const res = await this.send('GET', next, { headers: { Accept: 'application/json' } });
            if (res.status === 404)
                return tags;
            expectStatus(res, [200], `Listing tags of ${this.display()}`);
            const body = JSON.parse(res.bodyAsText ?? '{}');
            tags.push(...(body.tags ?? []));
            next = nextLink(res.headers.get('link'));
        }
        return tags;
    }
    async blobExists(digest) {
        const res = await this.send('HEAD', this.path('blobs', digest));
        if (res.status === 404)
            return false;
        expectStatus(res, [200, 307], `Checking blob ${digest} in ${this.display()}`);
        return true;
    }
    async getBlob(digest) {
        const chunks = [];
        for await (const chunk of (await this.openBlob(digest))) {
            chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        }
        const body = Buffer.concat(chunks);
        if (sha256(body) !== digest)
            throw new Error(`Blob ${digest} from ${this.display()} does not match its digest`);
        return body;
    }
    /** Open a blob as a stream (for copies between registries). */
    async openBlob(digest) {
        const res = await this.send('GET', this.path('blobs', digest), { stream: true });
        expectStatus(res, [200], `Reading blob ${digest} from ${this.display()}`);
        if (!res.readableStreamBody)
            throw new Error(`Reading blob ${digest}: no body`);
        return res.readableStreamBody;
    }
    /**
     * Monolithic upload: POST to start, PUT with `?digest=`. The registry's `Location` may be relative
     * (ACR) or absolute (distribution); both are resolved against the endpoint.
     */
    async uploadBlob(digest, body, size, 
    /** `fresh`: the caller knows the blob is new (a record carries its time), so no existence check first. */
    options = {}) {
        if (!options.fresh && (await this.blobExists(digest)))
            return;
        const start = await this.send('POST', `/v2/${this.config.repository}/blobs/uploads/`);
        expectStatus(start, [202], `Starting blob upload to ${this.display()}`);
        const location = start.headers.get('location');
        if (!location)
            throw new Error(`Starting blob upload to ${this.display()}: no Location header`);
        const url = new URL(location, this.endpoint);
        url.searchParams.set('digest', digest);
        const res = await this.send('PUT', url.toString(), {
            headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
            body,
        });
        // A retried PUT whose first response was lost finds the upload closed (404 BLOB_UPLOAD_UNKNOWN): the blob landed.
        if (res.status !== 201 && (await this.blobExists(digest)))
            return;
        expectStatus(res, [201], `Uploading blob ${digest} to ${this.display()}`);
    }
    /**
     * Referrers of a digest: the OCI 1.1 referrers API, or on 404 the `sha256-<hex>` fallback index
     * (the tag schema; distribution 2.8 has no referrers API).
     */
    async referrers(digest) {
        if (this.referrersApi !== false) {
            const res = await this.send('GET', this.path('referrers', digest), {
                headers: { Accept: MediaTypes.ociIndex },
            });
            if (res.status === 200) {
                this.referrersApi = true;
                const index = JSON.parse(res.bodyAsText ?? '{}');
                return { via: 'api', manifests: index.manifests ?? [] };
            }
            if (res.status !== 404 && res.status !== 405 && res.status !== 400) {
                expectStatus(res, [200], `Listing referrers of ${this.display(digest)}`);
            }
            this.referrersApi = false;
        }
        const index = await this.getManifest(fallbackTag(digest));
        return { via: 'tag', manifests: index?.json.manifests ?? [] };
    }
    /**
     * After pushing a referrer: if the registry did not process `subject` (no `OCI-Subject` header), add it to
     * the fallback index by read-modify-write. Not atomic: distribution offers no conditional PUT.
     * `read`: the index as the caller just read it (undefined = none), instead of reading it here.
     */
    async addToFallbackIndex(subject, referrer, read) {
        const tag = fallbackTag(subject);
        const current = read ? read.current : await this.getManifest(tag);
        const manifests = (current?.json.manifests ?? []).filter((m) => m.digest !== referrer.digest);
        manifests.push(referrer);
        const index = { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests };
        await this.putManifest(tag, Buffer.from(JSON.stringify(index)), MediaTypes.ociIndex);
    }
    display(reference) {
        const base = `${this.config.registry}/${this.config.repository}`;
        if (!reference)
            return base;
        return reference.includes(':') ? `${base}@${reference}` : `${base}:${reference}`;
    }
}
/**
 * The SDK's ACR token calls (/oauth2/exchange, /oauth2/token) run inside its auth policy without the request's
 * abort signal, so a token endpoint that hangs would outlive the run's deadline. This policy, outside the auth and
 * retry policies, stops waiting when the signal fires; the abandoned token call ends on its own.
 */
const stopAtAbort = {
    name: 'azureImagePromoteStopAtAbort',
    sendRequest(request, next) {
        const signal = request.abortSignal;
        if (!signal)
            return next(request);
        return new Promise((resolve, reject) => {
            const onAbort = () => {
                const error = new Error('The operation was aborted.');
                error.name = 'AbortError';
                reject(error);
            };
            if (signal.aborted)
                return onAbort();
            signal.addEventListener('abort', onAbort, { once: true });
            next(request)
                .then(resolve, reject)
                .finally(() => signal.removeEventListener('abort', onAbort));
        });
    },
};
function sdkOptions(config) {
    const options = config.clientOptions ?? {};
    return {
        ...options,
        additionalPolicies: [...(options.additionalPolicies ?? []), { policy: stopAtAbort, position: 'perCall' }],
    };
}
function nextLink(link) {
    if (!link)
        return undefined;
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
    return match?.[1];
}
/** DELETE a manifest by digest: every tag on it goes with it. A manifest that is already gone counts as deleted. */
async function deleteManifest(repo, digest) {
    const step = `Deleting manifest ${repo.display(digest)}`;
    const res = await repo.send('DELETE', repo.path('manifests', digest));
    if (res.status === 404)
        return 'absent';
    if (res.status === 405) {
        // distribution answers 405 UNSUPPORTED unless its configuration has `storage: delete: enabled: true`.
        const body = (res.bodyAsText ?? '').slice(0, 300) || 'method not allowed';
        throw new StepError(step, 'HTTP 405', `${body} (the registry does not allow deleting manifests; a docker distribution registry needs storage.delete.enabled: true)`);
    }
    expectStatus(res, [200, 202], step);
    return 'deleted';
}

const MAX_REFERRER_DEPTH = 3;
async function copyWithReferrers(src, dst, digest, log = () => { }, depth = 0) {
    await copyManifest(src, dst, digest, log);
    if (depth >= MAX_REFERRER_DEPTH)
        return 0;
    const { manifests } = await src.referrers(digest);
    const have = new Set((await dst.referrers(digest)).manifests.map((d) => d.digest));
    let carried = 0;
    for (const referrer of manifests) {
        if (have.has(referrer.digest))
            continue;
        await copyWithReferrers(src, dst, referrer.digest, log, depth + 1);
        // A registry with the referrers API indexes the subject itself; otherwise maintain the fallback index.
        if ((await dst.referrers(digest)).manifests.every((d) => d.digest !== referrer.digest)) {
            await dst.addToFallbackIndex(digest, referrer);
        }
        carried++;
        log(`Carried referrer ${referrer.digest} (${referrer.artifactType ?? referrer.mediaType}) of ${digest}`);
    }
    return carried;
}
async function copyManifest(src, dst, digest, log) {
    if (await dst.resolve(digest))
        return;
    const manifest = await src.getManifest(digest);
    if (!manifest)
        throw new Error(`${src.display(digest)} not found while copying`);
    const json = manifest.json;
    if (manifest.mediaType === MediaTypes.ociIndex || manifest.mediaType === MediaTypes.dockerList) {
        for (const child of json.manifests ?? [])
            await copyManifest(src, dst, child.digest, log);
    }
    else {
        const blobs = [...(json.config ? [json.config] : []), ...(json.layers ?? [])];
        for (const blob of blobs)
            await copyBlob(src, dst, blob, log);
    }
    // Written by digest, never by tag: tags are moved later, each checked right before its write.
    await dst.putManifest(digest, manifest.content, manifest.mediaType);
}
async function copyBlob(src, dst, blob, log) {
    if (await dst.blobExists(blob.digest))
        return;
    // Cross-repository mount only works inside one registry, so between registries the blob is streamed.
    const stream = await src.openBlob(blob.digest);
    await dst.uploadBlob(blob.digest, stream, blob.size);
    log(`Copied blob ${blob.digest} (${blob.size} bytes)`);
}

const RECORD_ARTIFACT_TYPE = 'application/vnd.azure-image-promote.record.v1+json';
const RECORD_ANNOTATION = 'io.github.azure-image-promote.record';
const RING_ANNOTATION = 'io.github.azure-image-promote.ring';
const EOL_ARTIFACT_TYPE = 'application/vnd.azure-image-promote.end-of-life.v1+json';
const EOL_ANNOTATION = 'io.github.azure-image-promote.end-of-life';
const EMPTY_CONFIG = Buffer.from('{}');
const EMPTY_DESCRIPTOR = {
    mediaType: MediaTypes.ociEmpty,
    digest: sha256(EMPTY_CONFIG),
    size: EMPTY_CONFIG.length,
};
/** The artifact manifest and blob for a ring record. */
function buildRecordArtifact(record, subject) {
    return buildReferrerArtifact(RECORD_ARTIFACT_TYPE, record, subject, {
        [RING_ANNOTATION]: record.ring,
        [RECORD_ANNOTATION]: JSON.stringify(record),
    });
}
/** The artifact manifest and blob for an end-of-life record (written by retirement). */
function buildEolArtifact(record, subject) {
    return buildReferrerArtifact(EOL_ARTIFACT_TYPE, record, subject, {
        [EOL_ANNOTATION]: JSON.stringify(record),
    });
}
/**
 * An OCI 1.1 artifact with `record` as its one layer, attached to `subject`. The record is also copied into the
 * annotations, which the referrers listing returns, so readers need no extra request per record.
 */
function buildReferrerArtifact(artifactType, record, subject, extra) {
    const blob = Buffer.from(JSON.stringify(record));
    const annotations = { 'org.opencontainers.image.created': record.at, ...extra };
    const manifestJson = {
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        artifactType,
        config: EMPTY_DESCRIPTOR,
        layers: [{ mediaType: artifactType, digest: sha256(blob), size: blob.length }],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations,
    };
    const manifest = Buffer.from(JSON.stringify(manifestJson));
    return {
        blob,
        manifest,
        descriptor: {
            mediaType: MediaTypes.ociManifest,
            digest: sha256(manifest),
            size: manifest.length,
            artifactType,
            annotations,
        },
    };
}
function isRecordDescriptor(d) {
    return d.artifactType === RECORD_ARTIFACT_TYPE;
}
function parseRecord(raw) {
    try {
        const r = JSON.parse(raw);
        if ((r.type !== 'promote' && r.type !== 'rollback') || typeof r.ring !== 'string')
            return undefined;
        if (typeof r.digest !== 'string' || typeof r.at !== 'string' || Number.isNaN(Date.parse(r.at)))
            return undefined;
        return {
            version: 1,
            type: r.type,
            ring: r.ring,
            digest: r.digest,
            tags: Array.isArray(r.tags) ? r.tags.map(String) : [],
            at: r.at,
            actor: String(r.actor ?? ''),
            runUrl: String(r.runUrl ?? ''),
            sha: String(r.sha ?? ''),
            approvedBy: Array.isArray(r.approvedBy) ? r.approvedBy.map(String) : [],
            previous: typeof r.previous === 'string' ? r.previous : null,
            registry: String(r.registry ?? ''),
            repository: String(r.repository ?? ''),
        };
    }
    catch {
        return undefined;
    }
}
/**
 * The promote record that currently counts for `ring` on one digest: the latest promote record not followed
 * by a rollback record for that ring. undefined = never promoted, or rolled back since.
 */
function effectivePromotion(records, ring) {
    const forRing = records.filter((r) => r.ring === ring).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const last = forRing.at(-1);
    return last?.type === 'promote' ? last : undefined;
}
/** The latest rollback record for `ring`, if the latest record for that ring is one. */
function rolledBack(records, ring) {
    const forRing = records.filter((r) => r.ring === ring).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const last = forRing.at(-1);
    return last?.type === 'rollback' ? last : undefined;
}
/**
 * Where a rollback of `ring` returns to, from the records on the digest the ring's first tag holds now: the
 * digest an unfinished rollback restores, else the one the current promotion replaced. null = the first in
 * the ring; undefined = no record for the ring. Rollback planning and retirement's protection share it.
 */
function rollbackTarget(currentRecords, ring) {
    return rolledBack(currentRecords, ring)?.previous ?? effectivePromotion(currentRecords, ring)?.previous;
}
function isEolDescriptor(d) {
    return d.artifactType === EOL_ARTIFACT_TYPE;
}
function parseEndOfLife(raw) {
    try {
        const r = JSON.parse(raw);
        if (r.type !== 'end-of-life' || typeof r.digest !== 'string')
            return undefined;
        if (!isTime(r.endOfLife) || !isTime(r.at))
            return undefined;
        return {
            version: 1,
            type: 'end-of-life',
            digest: r.digest,
            endOfLife: r.endOfLife,
            at: r.at,
            actor: String(r.actor ?? ''),
            runUrl: String(r.runUrl ?? ''),
            sha: String(r.sha ?? ''),
            registry: String(r.registry ?? ''),
            repository: String(r.repository ?? ''),
        };
    }
    catch {
        return undefined;
    }
}
function isTime(value) {
    return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}
/**
 * The end of life that counts for a digest: the earliest date recorded on it. A later promotion does not
 * cancel it (as a gallery version's `endOfLifeDate` stays through promotions): a promotion before the date
 * warns, after it is refused, and retirement keeps the date it finds.
 */
function effectiveEndOfLife(eol) {
    const dates = eol.map((e) => Date.parse(e.endOfLife));
    return dates.length > 0 ? new Date(Math.min(...dates)) : undefined;
}
/**
 * One listing of a digest's referrers, with the ring and end-of-life records among them. The records ride in
 * the listing's annotations, so this is one request; only a registry that drops annotations from listings
 * costs a read of each record's artifact manifest (and, for a ring record without annotations there either,
 * its blob). A record naming another digest (copied or forged) is ignored.
 */
async function readReferrerRecords(repo, digest) {
    const { via, manifests } = await repo.referrers(digest);
    const found = await Promise.all(manifests.map((d) => recordOf(repo, d)));
    const records = [];
    const endOfLife = [];
    for (const r of found) {
        if (r?.digest !== digest)
            continue;
        if (r.type === 'end-of-life')
            endOfLife.push(r);
        else
            records.push(r);
    }
    return { via, referrers: manifests, records, endOfLife };
}
async function recordOf(repo, d) {
    const parse = isRecordDescriptor(d) ? parseRecord : isEolDescriptor(d) ? parseEndOfLife : undefined;
    if (!parse)
        return undefined;
    const annotation = isRecordDescriptor(d) ? RECORD_ANNOTATION : EOL_ANNOTATION;
    const listed = d.annotations?.[annotation];
    if (listed)
        return parse(listed);
    const m = await repo.getManifest(d.digest);
    const own = m?.json.annotations?.[annotation];
    if (own)
        return parse(own);
    const layer = m?.json.layers?.[0];
    return layer ? parse((await repo.getBlob(layer.digest)).toString('utf8')) : undefined;
}

function ringTags(ctx) {
    return ctx.ring.tags.length > 0 ? ctx.ring.tags : [ctx.ring.name];
}
/** The tags of every ring in the policy. */
function allRingTags(ctx) {
    return ctx.policy.rings.flatMap((ring) => (ring.tags.length > 0 ? ring.tags : [ring.name]));
}
function short(digest) {
    if (!digest)
        return '(none)';
    const [alg, hex] = digest.split(':');
    return hex ? `${alg}:${hex.slice(0, 12)}` : digest;
}
function gate(id, title, status, details) {
    return { id, title, status, details };
}
function isDigest(value) {
    return /^sha(256|512):[a-f0-9]+$/.test(value);
}
function planRegistry(state, ctx, ref) {
    const plan = ctx.operation === 'rollback' ? planRollback(state, ctx, ref) : planPromote(state, ctx, ref);
    return { ...plan, tags: [...ctx.ring.tags] };
}
function basePlan(state, ctx, ref, digest) {
    return {
        target: ref,
        operation: ctx.operation,
        ring: ctx.ring.name,
        version: state.source,
        ...(digest ? { digest } : {}),
        imageId: digest
            ? `${state.targetRegistry}/${state.repository}@${digest}`
            : `${state.targetRegistry}/${state.repository}`,
        regions: [],
        gates: [],
        changes: [],
        transitions: [],
        notes: [],
    };
}
/** Tag moves, check-then-write: the change records what the tag held when observed. */
function tagChanges(state, tags, digest, plan) {
    const changes = [];
    const unreadable = [];
    for (const tag of tags) {
        const before = state.tags[tag];
        if (before === undefined) {
            unreadable.push(tag);
            continue;
        }
        plan.transitions.push({
            subject: `${state.repository}:${tag}`,
            before: before ?? '(none)',
            after: digest,
        });
        if (before === digest)
            continue;
        const payload = { kind: 'tag', tag, digest, expected: before };
        changes.push({
            id: `tag:${tag}`,
            resource: `${state.targetRegistry}/${state.repository}:${tag}`,
            summary: `${short(before)} → ${short(digest)}`,
            payload,
            // Independent checked writes of one digest under different names: written at once.
            concurrent: 'tags',
        });
    }
    return { changes, unreadable };
}
/**
 * Retirement's end-of-life record, honoured as the gallery's `endOfLifeDate`: past → refused, future → a
 * warning. The date stays after the promotion (see effectiveEndOfLife).
 */
function endOfLifeGate(state, ctx, digest, verb) {
    const eol = effectiveEndOfLife(state.endOfLife[digest] ?? []);
    const title = 'End of life';
    if (!eol)
        return gate('end-of-life', title, 'pass', `no end-of-life record on ${short(digest)}`);
    const date = eol.toISOString();
    if (eol.getTime() <= ctx.now.getTime()) {
        return gate('end-of-life', title, 'fail', `${short(digest)} reached its end-of-life date ${date} (recorded by retirement); not ${verb}.`);
    }
    return gate('end-of-life', title, 'warn', `${short(digest)} has the end-of-life date ${date} (recorded by retirement); it stays after this run.`);
}
/** Tags observe did not read (it was told about other rings): no value to check against, so no write. */
function unreadGate(unreadable) {
    return gate('tags-read', 'Tags read', 'fail', `Tag(s) ${unreadable.join(', ')} were not read before planning, so what they hold is unknown.`);
}
/** A digest's ring visits as the shared ring gates see them, from the records attached to it. */
function visitOf(records) {
    return (ring) => {
        const current = effectivePromotion(records, ring);
        if (current)
            return { at: new Date(current.at) };
        const back = rolledBack(records, ring);
        if (!back)
            return undefined;
        const promoted = latestFor(records.filter((r) => r.type === 'promote'), ring);
        return { at: new Date(promoted?.at ?? back.at), rolledBackAt: new Date(back.at) };
    };
}
function expectations(changes) {
    const out = {};
    for (const c of changes) {
        const p = c.payload;
        if (p.kind === 'tag')
            out[p.tag] = p.expected;
    }
    return out;
}
function latestFor(records, ring) {
    return records
        .filter((r) => r.ring === ring)
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
        .at(-1);
}
function recordChange(state, ctx, record, subject, expect) {
    const payload = {
        kind: 'record',
        record,
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        expect,
    };
    return {
        id: `record:${record.ring}:${record.type}`,
        resource: `${state.targetRegistry}/${state.repository}@${short(record.digest)}`,
        summary: `${record.type} record for ring '${ctx.ring.name}' (OCI referrer ${state.referrersVia === 'api' ? 'via referrers API' : 'with tag-schema fallback index'})`,
        payload,
    };
}
function newRecord(state, ctx, type, digest, tags, previous) {
    return {
        version: 1,
        type,
        ring: ctx.ring.name,
        digest,
        tags,
        at: ctx.record.at.toISOString(),
        actor: ctx.record.actor,
        runUrl: ctx.record.runUrl,
        sha: ctx.record.sha,
        approvedBy: ctx.record.approvedBy,
        previous,
        registry: state.targetRegistry,
        repository: state.repository,
    };
}
function planPromote(state, ctx, ref) {
    const source = state.resolved;
    const plan = basePlan(state, ctx, ref, source?.digest);
    const display = `${state.registry}/${state.repository}${isDigest(state.source) ? '@' : ':'}${state.source}`;
    if (!source) {
        const why = state.fromRing
            ? `ring ${state.fromRing} holds nothing: ${display} was not found.`
            : `${display} was not found.`;
        plan.gates.push(gate('exists', 'Source exists', 'fail', why));
        return plan;
    }
    const digest = source.digest;
    plan.gates.push(gate('exists', 'Source exists', 'pass', `${display} resolves to ${digest} (${source.mediaType}).`));
    if (state.fromRing)
        plan.notes.unshift(`promoting what ${state.fromRing} holds: ${digest}`);
    else if (!isDigest(state.source))
        plan.notes.push(`Resolved tag '${state.source}' to ${digest} once; every write uses the digest.`);
    plan.gates.push(endOfLifeGate(state, ctx, digest, 'promoted'));
    const records = state.records[digest] ?? [];
    plan.gates.push(...ringPolicyGates(ctx, short(digest), visitOf(records)));
    const back = rolledBack(records, ctx.ring.name);
    if (back) {
        plan.gates.push(gate('re-promotion', 'Re-promotion', 'warn', `${short(digest)} was rolled back from ring '${ctx.ring.name}' at ${back.at}; this run promotes it again explicitly.`));
    }
    // Cross-registry: copy manifest, blobs and referrers first.
    if (state.targetRegistry !== state.registry) {
        if (!state.presentInTarget || state.referrersToCarry.length > 0) {
            const payload = {
                kind: 'copy',
                digest,
                from: state.registry,
                to: state.targetRegistry,
                referrers: state.referrersToCarry,
            };
            plan.changes.push({
                id: `copy:${digest}`,
                resource: `${state.targetRegistry}/${state.repository}@${short(digest)}`,
                summary: `copy from ${state.registry}${state.presentInTarget ? ' (referrers only)' : ' (manifest, blobs and referrers)'}`,
                payload,
            });
        }
        const carried = state.referrersToCarry.map((d) => d.artifactType ?? d.mediaType);
        plan.notes.push(carried.length > 0
            ? `Referrers carried to ${state.targetRegistry}: ${carried.length} (${[...new Set(carried)].join(', ')}).`
            : `No referrers to carry to ${state.targetRegistry}.`);
    }
    const tags = ringTags(ctx);
    // Cross-registry with a tag source: the version tag is created in the target too.
    const versionTag = !isDigest(state.source) && state.targetRegistry !== state.registry ? state.source : undefined;
    const wanted = versionTag && !tags.includes(versionTag) ? [versionTag, ...tags] : tags;
    const { changes, unreadable } = tagChanges(state, wanted, digest, plan);
    if (versionTag) {
        const held = state.tags[versionTag];
        if (held && held !== digest) {
            plan.gates.push(gate('version-tag', 'Version tag', 'fail', `Tag '${versionTag}' in ${state.targetRegistry} already points at ${held}, not ${digest}.`));
        }
    }
    if (unreadable.length > 0)
        plan.gates.push(unreadGate(unreadable));
    const primary = tags[0];
    const holder = state.tags[primary] ?? null;
    if (holder)
        plan.previousVersion = holder;
    // A record is needed unless this digest's promotion to the ring is already recorded and nothing was
    // promoted to the ring after it (then this run only finishes an interrupted one).
    const effective = effectivePromotion(records, ctx.ring.name);
    // The holder's records are read only when this question arises; unread, a new record is the safe answer.
    const holderRecords = holder && holder !== digest ? state.records[holder] : [];
    const holderRecord = holderRecords && latestFor(holderRecords, ctx.ring.name);
    const needRecord = !effective ||
        !holderRecords ||
        (holderRecord !== undefined && Date.parse(holderRecord.at) > Date.parse(effective.at));
    if (needRecord) {
        const previous = holder === digest ? null : holder;
        const record = newRecord(state, ctx, 'promote', digest, tags, previous);
        // The record goes first, after checking every tag is still where the plan saw it: a re-run after a
        // partial failure then still knows what the ring held before.
        plan.changes.push(recordChange(state, ctx, record, source, expectations(changes)));
    }
    plan.changes.push(...changes);
    lockPlan(state, ctx, plan, digest, isDigest(state.source) ? undefined : state.source);
    return plan;
}
function lockPlan(state, ctx, plan, digest, versionTag) {
    if (!ctx.ring.lock)
        return;
    if (!state.acr) {
        plan.gates.push(gate('lock', 'Lock', 'warn', `Ring '${ctx.ring.name}' asks to lock, but ${state.targetRegistry} is not Azure Container Registry; not locked.`));
        return;
    }
    const resource = `${state.targetRegistry}/${state.repository}`;
    // Two PATCHes, two changes: each has its own outcome, so a refused tag lock after the manifest's is reported
    // as exactly that, and a re-run plans only what is still unlocked.
    if (!isLocked(state.acr)) {
        const payload = { kind: 'lock', digest };
        plan.changes.push({
            id: `lock:${digest}`,
            resource: `${resource}@${short(digest)}`,
            summary: 'writeEnabled/deleteEnabled → false on the manifest',
            payload,
        });
    }
    // Ring tags must move, so they are never locked; the version tag is. "Ring tags" means every ring's, not only
    // this ring's: `version: staging` promoted to a locking prod must leave `staging` free to move next time.
    if (versionTag && allRingTags(ctx).includes(versionTag)) {
        plan.notes.push(`'${versionTag}' is a ring tag: the manifest is locked, the tag is not (the ring must be able to move it).`);
        return;
    }
    const tag = versionTag;
    if (!tag || (state.acr.versionTag && isLocked(state.acr.versionTag)))
        return;
    const payload = { kind: 'lock', digest, tag };
    plan.changes.push({
        id: `lock:tag:${tag}`,
        resource: `${resource}:${tag}`,
        summary: `writeEnabled/deleteEnabled → false on tag '${tag}'`,
        payload,
    });
}
function isLocked(lock) {
    return !lock.writeEnabled && !lock.deleteEnabled;
}
function planRollback(state, ctx, ref) {
    const tags = ringTags(ctx);
    const primary = tags[0];
    const current = state.tags[primary];
    const currentRecords = current ? (state.records[current] ?? []) : [];
    // An interrupted rollback (record written, tags not all moved) is finished rather than repeated.
    const unfinished = rolledBack(currentRecords, ctx.ring.name);
    const previous = rollbackTarget(currentRecords, ctx.ring.name);
    const plan = basePlan(state, ctx, ref, previous ?? undefined);
    // Freeze (a warning only) and approval evidence; ring order and soak do not apply to a rollback.
    plan.gates.push(...ringPolicyGates(ctx, short(current), visitOf(currentRecords)));
    if (current === undefined) {
        plan.gates.push(unreadGate([primary]));
        return plan;
    }
    if (!current) {
        plan.gates.push(gate('history', 'Ring history', 'fail', `Cannot roll back ring '${ctx.ring.name}': tag '${primary}' does not exist in ${state.targetRegistry}/${state.repository}.`));
        return plan;
    }
    plan.previousVersion = current;
    if (!previous) {
        const why = effectivePromotion(currentRecords, ctx.ring.name)
            ? 'its promotion record names no earlier digest (it was the first in this ring)'
            : 'there is no promotion record for this ring on it (it was tagged outside this action)';
        plan.gates.push(gate('history', 'Ring history', 'fail', `Cannot roll back ring '${ctx.ring.name}' from ${short(current)}: ${why}.`));
        return plan;
    }
    plan.version = previous;
    plan.gates.push(gate('history', 'Ring history', 'pass', `Ring '${ctx.ring.name}' held ${previous} before ${short(current)}.`));
    const restore = state.manifests[previous];
    if (!restore) {
        plan.gates.push(gate('exists', 'Rollback target exists', 'fail', `${state.targetRegistry}/${state.repository}@${previous} no longer exists.`));
        return plan;
    }
    plan.gates.push(gate('exists', 'Rollback target exists', 'pass', `${previous} (${restore.mediaType}) exists.`), endOfLifeGate(state, ctx, previous, 'rolled back to'));
    const { changes, unreadable } = tagChanges(state, tags, previous, plan);
    if (unreadable.length > 0)
        plan.gates.push(unreadGate(unreadable));
    const currentManifest = state.manifests[current];
    if (!unfinished && currentManifest) {
        const record = newRecord(state, ctx, 'rollback', current, tags, previous);
        plan.changes.push(recordChange(state, ctx, record, currentManifest, expectations(changes)));
    }
    plan.changes.push(...changes);
    plan.notes.push(`Rolling ring '${ctx.ring.name}' back from ${current} to ${previous}; ${short(current)} is marked rolled back, so promoting it again is an explicit new promotion.`);
    return plan;
}

/**
 * A registry has no conditional tag write: a tag is re-read right before its PUT (the window is the PUT's own
 * round trip) and read back right after it and once more after this pause, so a writer that lands just after
 * this run is caught as drift instead of being reported as this run's promotion.
 */
const SETTLE_MS = 1_000;
/** How long the read-back that settles an uncertain write may take, even after the deadline passed. */
const CHECK_MS = 15_000;
const ACR_HOST = /\.azurecr\.(io|cn|us)$|\.azurecr\.microsoftazure\.de$/i;
/** A real ACR whose `/acr/v1/` probe failed still locks: assume the manifest is not locked yet. */
const UNLOCKED = { writeEnabled: true, deleteEnabled: true };
function isAcrHost(registry) {
    return ACR_HOST.test(registry.replace(/:\d+$/, ''));
}
function createRegistryTarget(options) {
    const registry = parseRegistry(options.registry, 'registry');
    const targetRegistry = options.targetRegistry
        ? parseRegistry(options.targetRegistry, 'target-registry')
        : registry;
    const repository = parseRepository(options.repository);
    const reference = parseReference(options.source, 'version');
    const source = reference.kind === 'tag' ? reference.tag : reference.digest;
    const cross = targetRegistry !== registry;
    const log = options.log ?? (() => { });
    const settleMs = options.settleMs ?? SETTLE_MS;
    const focus = focusRings(options);
    const mayLock = focus.some((r) => r.lock);
    const client = (host) => new RepositoryClient({
        registry: host,
        repository,
        ...(options.credential ? { credential: options.credential } : {}),
        ...(options.endpointScheme ? { scheme: options.endpointScheme } : {}),
        ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
        ...(options.deadline ? { deadline: options.deadline } : {}),
    });
    const src = client(registry);
    const dst = cross ? client(targetRegistry) : src;
    // Manifest bytes observe read, by digest: a tag write PUTs them instead of reading them again.
    const held = new Map();
    const ref = {
        kind: 'registry',
        key: `registry:${targetRegistry}/${repository}`,
        display: `${targetRegistry}/${repository}`,
    };
    async function facts(repo, reference) {
        const m = await repo.getManifest(reference);
        if (!m)
            return undefined;
        held.set(m.digest, m);
        const kind = m.mediaType === MediaTypes.ociIndex || m.mediaType === MediaTypes.dockerList ? 'index' : 'image';
        return { digest: m.digest, mediaType: m.mediaType, size: m.content.length, kind };
    }
    /** Every tag of the rings in focus (and the version tag of a cross-registry copy): HEADs, 404 = absent. */
    async function readTags() {
        const names = new Set(focus.flatMap((ring) => ringTagNames(ring)));
        if (cross && reference.kind === 'tag')
            names.add(source);
        const read = await Promise.all([...names].map(async (tag) => [tag, (await dst.resolve(tag))?.digest ?? null]));
        return Object.fromEntries(read);
    }
    /**
     * The manifest's lock, and once that is locked the version tag's (a run stopped between the two PATCHes).
     * Before that both PATCHes are planned anyway, so the tag is not read.
     */
    async function probeLock(digest) {
        const manifest = (await acrManifestLock(dst, digest)) ?? (isAcrHost(targetRegistry) ? UNLOCKED : undefined);
        if (!manifest || !isLocked(manifest) || reference.kind !== 'tag')
            return manifest;
        return { ...manifest, versionTag: (await acrTagState(dst, source)) ?? UNLOCKED };
    }
    /** The source digest's records, and for a cross-registry promotion what the target already has. */
    async function observeSource(digest) {
        if (!cross) {
            const [found, acr] = await Promise.all([
                readReferrerRecords(dst, digest),
                mayLock ? probeLock(digest) : undefined,
            ]);
            return { ...found, presentInTarget: true, referrersToCarry: [], acr };
        }
        const [present, fromSource] = await Promise.all([
            dst.resolve(digest).then((r) => r !== undefined),
            readReferrerRecords(src, digest),
        ]);
        const [inTarget, acr] = await Promise.all([
            present ? readReferrerRecords(dst, digest) : undefined,
            mayLock && (present || isAcrHost(targetRegistry)) ? probeLock(digest) : undefined,
        ]);
        const have = new Set(inTarget?.referrers.map((d) => d.digest) ?? []);
        return {
            records: dedupe([...fromSource.records, ...(inTarget?.records ?? [])], (r) => `${r.type}|${r.ring}|${r.at}`),
            // Retirement in either registry counts: the image is the same.
            endOfLife: dedupe([...fromSource.endOfLife, ...(inTarget?.endOfLife ?? [])], (e) => `${e.at}|${e.endOfLife}`),
            via: inTarget?.via ?? fromSource.via,
            presentInTarget: present,
            referrersToCarry: fromSource.referrers.filter((d) => !have.has(d.digest)),
            acr,
        };
    }
    /**
     * Ring history, only where the plan can need it: for a rollback the records and manifest of what the ring's
     * first tag holds and the manifest it returns to; for a promotion of a digest already recorded in the ring,
     * the records of the digest that holds the ring now (was it promoted after?).
     */
    async function readHistory(tags, { records, endOfLife, manifests }, digest) {
        const rollback = options.operation !== 'promote';
        const heads = new Set();
        for (const ring of focus) {
            const head = tags[ringTagNames(ring)[0]];
            if (!head)
                continue;
            const recorded = digest !== undefined && effectivePromotion(records[digest] ?? [], ring.name);
            if (rollback || (recorded && head !== digest))
                heads.add(head);
        }
        await Promise.all([...heads].map(async (head) => {
            const needFacts = rollback && !(head in manifests);
            const [found, m] = await Promise.all([
                head in records ? undefined : readReferrerRecords(dst, head),
                needFacts ? facts(dst, head) : undefined,
            ]);
            if (found)
                records[head] = found.records;
            if (found)
                endOfLife[head] = found.endOfLife;
            if (needFacts)
                manifests[head] = m;
        }));
        if (!rollback)
            return;
        const restore = new Set();
        for (const ring of focus) {
            const head = tags[ringTagNames(ring)[0]];
            const previous = head ? rollbackTarget(records[head] ?? [], ring.name) : undefined;
            if (previous && !(previous in manifests))
                restore.add(previous);
        }
        // What a rollback returns to passes the end-of-life gate too: its records come with its manifest.
        await Promise.all([...restore].map(async (d) => {
            const [m, found] = await Promise.all([facts(dst, d), readReferrerRecords(dst, d)]);
            manifests[d] = m;
            records[d] ??= found.records;
            endOfLife[d] = found.endOfLife;
        }));
    }
    /** The record write's tag check: every tag it expects, all at once (each tag is checked again before its PUT). */
    async function checkTags(expect) {
        await Promise.all(Object.entries(expect).map(([tag, expected]) => checkTag(dst, tag, expected, undefined)));
    }
    async function writeRecord(p) {
        const artifact = buildRecordArtifact(p.record, p.subject);
        // The tag checks go right before the first write others can see (the record manifest); the
        // record's blobs (invisible until a manifest names them) upload alongside, and so does the read of the
        // fallback index this write extends when the registry is known to lack the referrers API. If a tag
        // moved, the unreferenced record blob is left for the registry's garbage collection.
        const fallbackKnown = dst.referrersApi === false;
        const [, , , index] = await allSettledOrThrow([
            checkTags(p.expect),
            dst.uploadBlob(EMPTY_DESCRIPTOR.digest, EMPTY_CONFIG, EMPTY_CONFIG.length),
            // Always new (the record carries its time), so no existence check first.
            dst.uploadBlob(sha256(artifact.blob), artifact.blob, artifact.blob.length, { fresh: true }),
            fallbackKnown ? dst.getManifest(fallbackTag(p.subject.digest)) : Promise.resolve(undefined),
        ]);
        const layer = artifact.descriptor;
        const put = await dst.putManifest(layer.digest, artifact.manifest, MediaTypes.ociManifest);
        if (!put.subjectProcessed) {
            await dst.addToFallbackIndex(p.subject.digest, layer, fallbackKnown ? { current: index } : undefined);
        }
    }
    /**
     * A tag write: re-read the tag right before the PUT (it must still hold what the plan saw), PUT the held
     * bytes, then read it back at once and after a settle: a concurrent writer's digest there is drift.
     */
    async function writeTag(p) {
        const current = await checkTag(dst, p.tag, p.expected, p.digest);
        if (current === p.digest)
            return;
        const manifest = held.get(p.digest) ?? (await dst.getManifest(p.digest));
        if (!manifest)
            throw new Error(`${dst.display(p.digest)} no longer exists`);
        const written = await dst.setManifest(manifest.content, manifest.mediaType, p.tag);
        if (written !== p.digest) {
            throw new Error(`Tag '${p.tag}' was written as ${written}, not ${p.digest}: the registry changed the manifest`);
        }
        await readBack(p.tag, p.digest, 0);
        await readBack(p.tag, p.digest, settleMs);
    }
    /** After `waitMs`, the tag must still hold `digest`; another digest there is drift (a concurrent writer). */
    async function readBack(tag, digest, waitMs) {
        if (waitMs > 0)
            await new Promise((resolve) => setTimeout(resolve, waitMs));
        // A read that fails says nothing about the tag: verification reads it again; only a seen digest counts.
        const now = await dst.resolve(tag).then((r) => r?.digest ?? null, () => undefined);
        if (now === undefined || now === digest)
            return;
        throw new Error(`drift: tag ${tag} was written as ${digest} and ${waitMs > 0 ? `${waitMs} ms later ` : 'right after '}` +
            `points at ${now ?? '(nothing)'}: another writer moved it at the same time; the ring holds ${now ?? 'nothing'}, not this promotion; re-run to re-plan`);
    }
    /** One lock PATCH: the manifest's, or the version tag's. */
    async function lock(p) {
        const properties = { canWrite: false, canDelete: false };
        const { tag } = p;
        if (!tag) {
            await dst.acrCall(`Locking ${dst.display(p.digest)}`, (acr, abortSignal) => acr.getArtifact(repository, p.digest).updateManifestProperties({ ...properties, abortSignal }));
            return;
        }
        await dst.acrCall(`Locking ${dst.display(tag)}`, (acr, abortSignal) => acr.getArtifact(repository, tag).updateTagProperties(tag, { ...properties, abortSignal }));
    }
    async function verifyChange(change) {
        const p = change.payload;
        switch (p.kind) {
            case 'tag': {
                const now = await dst.resolve(p.tag);
                const ok = now?.digest === p.digest;
                return {
                    id: `verify:tag:${p.tag}`,
                    title: `Tag ${p.tag}`,
                    status: ok ? 'pass' : 'fail',
                    details: ok
                        ? `${dst.display(p.tag)} → ${p.digest}`
                        : `${dst.display(p.tag)} points at ${now?.digest ?? '(nothing)'}, expected ${p.digest}`,
                };
            }
            case 'record': {
                const { records } = await readReferrerRecords(dst, p.record.digest);
                const ok = records.some((r) => r.ring === p.record.ring && r.type === p.record.type && r.at === p.record.at);
                return {
                    id: `verify:record:${p.record.ring}`,
                    title: 'Promotion record',
                    status: ok ? 'pass' : 'fail',
                    details: ok
                        ? `${p.record.type} record for ring '${p.record.ring}' found on ${short(p.record.digest)}`
                        : `${p.record.type} record for ring '${p.record.ring}' not found among the referrers of ${p.record.digest}`,
                };
            }
            case 'copy': {
                const ok = (await dst.resolve(p.digest)) !== undefined;
                return {
                    id: 'verify:copy',
                    title: 'Copied',
                    status: ok ? 'pass' : 'fail',
                    details: ok
                        ? `${dst.display(p.digest)} exists`
                        : `${dst.display(p.digest)} is missing after the copy`,
                };
            }
            case 'lock': {
                const what = p.tag ? `tag '${p.tag}'` : `manifest ${short(p.digest)}`;
                const state = p.tag ? await acrTagState(dst, p.tag) : await acrManifestLock(dst, p.digest);
                const ok = state !== undefined && isLocked(state);
                return {
                    id: p.tag ? `verify:lock:tag:${p.tag}` : 'verify:lock',
                    title: 'Locked',
                    status: ok ? 'pass' : 'fail',
                    details: ok ? `${what} is write- and delete-locked` : `${what} is not locked`,
                };
            }
        }
    }
    return {
        ref,
        async observe() {
            held.clear();
            // The ring tags do not depend on the source, so they are read alongside it and its records.
            const resolving = facts(src, source);
            const [resolved, tags, side] = await Promise.all([
                resolving,
                readTags(),
                resolving.then((r) => (r ? observeSource(r.digest) : undefined)),
            ]);
            log(resolved
                ? `Resolved ${src.display(source)} to ${resolved.digest}`
                : `${src.display(source)} not found`);
            const history = {
                records: {},
                endOfLife: {},
                manifests: {},
            };
            if (resolved && side) {
                history.records[resolved.digest] = side.records;
                history.endOfLife[resolved.digest] = side.endOfLife;
                history.manifests[resolved.digest] = resolved;
            }
            await readHistory(tags, history, resolved?.digest);
            return {
                registry,
                targetRegistry,
                repository,
                source,
                ...(options.fromRing ? { fromRing: options.fromRing } : {}),
                ...(resolved ? { resolved } : {}),
                presentInTarget: side?.presentInTarget ?? !cross,
                tags,
                ...history,
                referrersToCarry: side?.referrersToCarry ?? [],
                referrersVia: side?.via ?? 'tag',
                ...(side?.acr ? { acr: side.acr } : {}),
            };
        },
        plan(state, ctx) {
            return planRegistry(state, ctx, ref);
        },
        async apply(change) {
            const p = change.payload;
            switch (p.kind) {
                case 'copy':
                    await copyWithReferrers(src, dst, p.digest, log);
                    return;
                case 'record':
                    return writeRecord(p);
                case 'tag':
                    return writeTag(p);
                case 'lock':
                    return lock(p);
            }
        },
        /** After a failed write: read back whether it is in effect anyway (a response lost after the write). */
        async check(change) {
            const clients = [...new Set([src, dst])];
            for (const c of clients)
                c.graceSignal = AbortSignal.timeout(CHECK_MS);
            try {
                const [gate] = await this.verify({ changes: [change] });
                if (!gate)
                    return 'not-applied';
                return gate.status === 'pass' ? 'applied' : 'not-applied';
            }
            finally {
                for (const c of clients)
                    c.graceSignal = undefined;
            }
        },
        /** Every read-back at once: they do not depend on each other. */
        async verify(plan) {
            const gates = await Promise.all(plan.changes.map((c) => verifyChange(c)));
            return gates.filter((g) => g !== undefined);
        },
    };
}
function ringTagNames(ring) {
    return ring.tags.length > 0 ? ring.tags : [ring.name];
}
/** The rings observe reads for: the run's ring when named, else every ring of the policy. */
function focusRings(options) {
    if (!options.ring)
        return options.rings;
    const ring = options.rings.find((r) => r.name === options.ring);
    if (!ring) {
        const known = options.rings.map((r) => r.name).join(', ');
        throw new Error(`Ring '${options.ring}' is not in the policy's rings (${known}).`);
    }
    return [ring];
}
/**
 * Waits for every promise, then throws the first failure in list order (so a moved-tag refusal is
 * what the report names, and no request of this step is still in flight when it fails).
 */
async function allSettledOrThrow(promises) {
    const settled = await Promise.allSettled(promises);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed)
        throw failed.reason;
    return settled.map((r) => r.value);
}
/**
 * Check-then-write, not compare-and-swap (registries have none): the tag must still hold what the plan saw
 * (or already hold the new digest).
 * Returns the digest it holds now.
 */
async function checkTag(repo, tag, expected, wanted) {
    const current = (await repo.resolve(tag))?.digest ?? null;
    if (current === expected || (wanted !== undefined && current === wanted))
        return current;
    throw new Error(`tag ${tag} moved from ${expected ?? '(none)'} to ${current ?? '(none)'} since the plan; re-run to re-plan`);
}
function dedupe(items, key) {
    const seen = new Set();
    return items.filter((item) => {
        const k = key(item);
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    });
}

export { EMPTY_DESCRIPTOR as E, MediaTypes as M, RECORD_ARTIFACT_TYPE as R, RepositoryClient as a, isRecordDescriptor as b, createRegistryTarget as c, isEolDescriptor as d, effectiveEndOfLife as e, fallbackTag as f, acrManifestProperties as g, readReferrerRecords as h, isAcrHost as i, acrTagState as j, buildEolArtifact as k, EMPTY_CONFIG as l, sha256 as m, deleteManifest as n, planRegistry as p, rollbackTarget as r, short as s };
