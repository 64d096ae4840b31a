/**
 * @param subject how the version or digest is named in messages
 * @param visitOf the subject's record for a ring, if it was promoted there
 */
function ringPolicyGates(ctx, subject, visitOf) {
    const gates = [freezeGate(ctx)];
    if (ctx.ring.requireApproval)
        gates.push(approvalGate(ctx));
    if (ctx.operation !== 'promote')
        return gates;
    const after = ctx.ring.after;
    if (!after) {
        gates.push({
            id: 'ring-order',
            title: 'Ring order',
            status: 'pass',
            details: `${ctx.ring.name} has no prerequisite ring`,
        });
        return gates;
    }
    const visit = visitOf(after);
    if (!visit) {
        gates.push({
            id: 'ring-order',
            title: 'Ring order',
            status: 'fail',
            details: `${subject} has not been promoted to ${after}; promote it to ${after} before ${ctx.ring.name} (skipping a ring is refused)`,
        });
        return gates;
    }
    if (visit.rolledBackAt) {
        gates.push({
            id: 'ring-order',
            title: 'Ring order',
            status: 'fail',
            details: `${subject} was rolled back from ${after} at ${iso(visit.rolledBackAt)}; promote it to ${after} again first`,
        });
        return gates;
    }
    gates.push({
        id: 'ring-order',
        title: 'Ring order',
        status: 'pass',
        details: `${subject} entered ${after} at ${iso(visit.at)}`,
    });
    if (ctx.ring.soakMs > 0)
        gates.push(soakGate(ctx, subject, after, visit.at));
    return gates;
}
function soakGate(ctx, subject, after, enteredAt) {
    const elapsed = ctx.now.getTime() - enteredAt.getTime();
    const needed = ctx.ring.soakMs;
    const eligible = new Date(enteredAt.getTime() + needed);
    if (elapsed >= needed) {
        return {
            id: 'soak',
            title: 'Soak time',
            status: 'pass',
            details: `${subject} soaked in ${after} for ${duration(elapsed)} (needs ${duration(needed)})`,
        };
    }
    return {
        id: 'soak',
        title: 'Soak time',
        status: 'fail',
        details: `${subject} has been in ${after} for ${duration(Math.max(elapsed, 0))}; ${ctx.ring.name} needs ${duration(needed)} (eligible at ${iso(eligible)})`,
    };
}
/** Evidence of review is recorded, not enforced here: GitHub environments enforce it; this says when it is missing. */
function approvalGate(ctx) {
    const approvers = ctx.record.approvedBy;
    if (approvers.length > 0) {
        return {
            id: 'approval',
            title: 'Approval',
            status: 'pass',
            details: `approved by ${approvers.join(', ')}`,
        };
    }
    return {
        id: 'approval',
        title: 'Approval',
        status: 'warn',
        details: `ring ${ctx.ring.name} asks for approval evidence, but no environment approval was readable for this run (give the job \`environment:\` with required reviewers and \`actions: read\`)`,
    };
}
function freezeGate(ctx) {
    const window = ctx.ring.freeze.find((w) => w.from <= ctx.now && ctx.now < w.to);
    if (!window) {
        return {
            id: 'freeze',
            title: 'Freeze window',
            status: 'pass',
            details: `${ctx.ring.name} is not frozen now`,
        };
    }
    const details = `${ctx.ring.name} is frozen from ${iso(window.from)} to ${iso(window.to)}`;
    // A rollback is the way out of a bad release, so a freeze does not stop it; it is still reported.
    if (ctx.operation === 'rollback') {
        return { id: 'freeze', title: 'Freeze window', status: 'warn', details: `${details}; rollback allowed` };
    }
    return { id: 'freeze', title: 'Freeze window', status: 'fail', details };
}
function iso(date) {
    return date.toISOString().replace('.000Z', 'Z');
}
function duration(ms) {
    const minutes = Math.floor(ms / 60_000);
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const rest = minutes % 60;
    const parts = [
        days ? `${days}d` : '',
        hours ? `${hours}h` : '',
        rest || (!days && !hours) ? `${rest}m` : '',
    ];
    return parts.filter(Boolean).join(' ');
}

export { ringPolicyGates as r };
