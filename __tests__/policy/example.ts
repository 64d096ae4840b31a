/** The policy file example from the README / design brief. */
export const EXAMPLE_POLICY = `rings:
  - name: canary
    regions: [eastus]            # regions that must be replicated (default: all target regions of the version)
  - name: staging
    after: canary                # default: the ring listed before it; [] means no prerequisite
    soak: 24h                    # minimum time since the version entered \`after\` (units m, h, d)
    min-replicas: 2              # per required region
  - name: prod
    soak: 72h
    latest: true                 # this ring carries "latest" on the gallery (at most one ring)
    latest-regions: [eastus]     # optional: flip the per-region excludeFromLatest only in these regions
    tags: [prod, latest]         # registry tags for this ring (default: [name])
    lock: true                   # registry: lock the promoted version tag
    freeze:                      # optional: no promotion into this ring inside these windows (UTC)
      - from: 2026-12-20T00:00:00Z
        to: 2027-01-04T00:00:00Z
scans:
  required: true                 # fail closed: no scan evidence → no promotion
  fail-on-severity: high         # critical | high | medium | low | none
  allow:
    - id: CVE-2024-1234
      until: 2026-12-31          # expired allowances no longer count and are reported
      reason: not reachable
retention:
  keep: 5
  end-of-life: 30d
  delete-after-eol: false
`
