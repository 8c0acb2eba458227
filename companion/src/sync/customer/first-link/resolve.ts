import { AppError } from '../../../errors.ts';
import type { Db } from '../../../store/db.ts';
import { LinkConflictError } from '../../../store/links.ts';
import { writeCustomerLink } from './link-write.ts';
import { getReview, resolveReview, type Review } from './reviews.ts';

/** Why a review could not be resolved as asked. */
export class ReviewError extends AppError {
    constructor(
        code: 'review_not_found' | 'review_closed' | 'not_a_candidate' | 'link_conflict',
        message: string
    ) {
        super(code, message);
    }
}

export type ReviewDecision =
    { action: 'link'; zohoContactId: string } | { action: 'dismiss' } | { action: 'create_new' };

/**
 * A person's answer to a review: link the Account to one of its candidates (ledger, and the id
 * written back on the Account), dismiss it (no link, and the first link will not ask again), or
 * mark it for a new Zoho customer (the customer sync may then create one: it is no longer in
 * review).
 */
export async function resolveCustomerReview(
    deps: { db: Db; nowMs: () => number; onWriteback?: (() => void) | undefined },
    input: { connectionId: string; reviewId: string; decision: ReviewDecision; actor: string }
): Promise<Review> {
    const { decision } = input;
    const resolved = await deps.db.transaction(async (tx) => {
        const review = await getReview(tx, input.connectionId, input.reviewId);
        if (!review) throw new ReviewError('review_not_found', `no review ${input.reviewId}`);
        if (review.state !== 'open')
            throw new ReviewError(
                'review_closed',
                `review ${review.id} is already ${review.state}`
            );
        const nowMs = deps.nowMs();
        if (decision.action !== 'link')
            return resolveReview(tx, review.id, {
                state: decision.action === 'dismiss' ? 'dismissed' : 'create_new',
                resolvedBy: input.actor,
                nowMs
            });
        if (!review.candidates.some((c) => c.zohoContactId === decision.zohoContactId))
            throw new ReviewError(
                'not_a_candidate',
                `Zoho contact ${decision.zohoContactId} is not a candidate of review ${review.id}`
            );
        try {
            await writeCustomerLink(tx, {
                connectionId: input.connectionId,
                zohoOrganizationId: review.zohoOrganizationId,
                accountId: review.salesforceAccountId,
                zohoContactId: decision.zohoContactId,
                storedZohoId: null,
                nowMs
            });
        } catch (error) {
            if (error instanceof LinkConflictError)
                throw new ReviewError('link_conflict', error.message);
            throw error;
        }
        return resolveReview(tx, review.id, {
            state: 'linked',
            zohoContactId: decision.zohoContactId,
            resolvedBy: input.actor,
            nowMs
        });
    });
    if (!resolved)
        throw new ReviewError('review_closed', `review ${input.reviewId} was resolved meanwhile`);
    if (decision.action === 'link') deps.onWriteback?.();
    return resolved;
}
