package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.events.TaskObservation;
import io.taurusreplicationwatch.api.PageCursor;
import io.taurusreplicationwatch.api.ReplicationPage;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.UntrustedText;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.state.TaskKeys;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One poll of one instance: which page to ask for next, which tasks were seen, and whether the poll saw the whole
 * listing. Only a complete poll may conclude that a task is gone.
 * <p>
 * Paging stops on an empty or short page, on a page that brings no task this poll has not seen, or at the page cap.
 * A full page that reaches {@code total_count} ends the listing only once one more request came back empty
 * ({@link #isEndToConfirm()}), because an API that understates its total (the size of the page, say) would otherwise
 * hide the tasks behind it, and they would be announced as removed; the route skips that request when every task it
 * knows was listed, since then nothing could be removed. When {@code total_count} moves during a pass (a
 * task was added or removed between two page requests, shifting the offsets), the listing is read once more from the
 * start: tasks already seen are skipped, so nothing is announced twice and a task shifted past the pages already read
 * is not missed. A listing still moving on the second pass leaves the poll incomplete.
 * <p>
 * A listing is trusted only when it is consistent; the poll is incomplete, with the first reason found, when
 * {@code total_count} is unusable (negative, fractional, beyond the int range, not a number), present on some pages
 * and absent on others, exceeded by the records the pages held, or not reached by the distinct tasks seen; when a page
 * holds more records than the limit, an entry without task name, or a task twice; or when a page repeats the page
 * before it. Every task name a page held, rejected ones too, counts as seen, so that nothing this poll listed can be
 * taken as gone.
 */
public final class PollContext implements PageCursor {

    private static final int MAX_PASSES = 2;

    private final WatchedInstance instance;
    private final PagingPolicy paging;
    private final String pollId = UUID.randomUUID().toString();
    private final Instant startedAt;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> rejectedTaskNames = new LinkedHashSet<>();
    private int pagesRequested;
    private int pass = 1;
    private int pagesInPass;
    private int recordsInPass;
    private Integer passTotal;
    private boolean totalMoved;
    private Boolean totalPresent;
    private boolean totalUntrusted;
    private List<String> previousPage = List.of();
    private boolean morePages = true;
    private boolean endToConfirm;
    private String incompleteReason;
    private final AtomicInteger published = new AtomicInteger();

    public PollContext(WatchedInstance instance, PagingPolicy paging, Instant startedAt) {
        this.instance = instance;
        this.paging = paging;
        this.startedAt = startedAt;
    }

    @Override
    public int nextOffset() {
        return paging.offsetMode() == OffsetMode.PAGES ? pagesInPass + 1 : recordsInPass;
    }

    @Override
    public int limit() {
        return paging.limit();
    }

    /**
     * Takes in one page: returns the tasks this poll had not seen yet, as observations, and decides whether another
     * page follows.
     */
    public List<TaskObservation> accept(ReplicationPage page, Instant observedAt, TrackedFields trackedFields) {
        pagesRequested++;
        pagesInPass++;
        recordsInPass += page.entries();
        if (page.invalidEntries() > 0) {
            markIncomplete(page.invalidEntries() + " listed task(s) without task_name");
        }
        if (page.entries() > paging.limit()) {
            markIncomplete("page " + pagesInPass + " held " + page.entries() + " records, more than the limit "
                    + paging.limit());
        }
        // The page's own faults first: a repeated page also exceeds total_count, and the repeat is what to report.
        checkNames(page);
        takeTotal(page);
        List<TaskObservation> fresh = new ArrayList<>();
        String observed = observedAt.toString();
        for (TaskSnapshot task : page.tasks()) {
            if (seen.add(task.taskName())) {
                String taskKey = TaskKeys.of(instance.instanceId(), task.taskName());
                fresh.add(new TaskObservation(instance, task.taskName(), task, pollId, observed,
                        trackedFields.changeKey(taskKey, task).toString()));
            }
        }
        boolean nothingNew = fresh.isEmpty();
        for (String rejected : page.rejectedTaskNames()) {
            nothingNew &= !seen.add(rejected);
            rejectedTaskNames.add(rejected);
        }
        morePages = hasNextPage(page, nothingNew);
        return fresh;
    }

    private void takeTotal(ReplicationPage page) {
        boolean present = page.totalCount() != null || page.unusableTotalCount() != null;
        if (totalPresent == null) {
            totalPresent = present;
        } else if (totalPresent != present) {
            distrustTotal("total_count was sent on some pages of the listing and not on others");
        }
        if (page.unusableTotalCount() != null) {
            distrustTotal("total_count " + UntrustedText.quote(page.unusableTotalCount())
                    + " is not a count of tasks (a whole number from 0 to " + Integer.MAX_VALUE + ")");
        }
        if (page.totalCount() != null) {
            totalMoved |= passTotal != null && !passTotal.equals(page.totalCount());
            passTotal = page.totalCount();
        }
        if (passTotal != null && !totalMoved && recordsInPass > passTotal) {
            distrustTotal("the pages held " + recordsInPass + " records, more than their total_count " + passTotal);
        }
    }

    private void checkNames(ReplicationPage page) {
        List<String> names = new ArrayList<>(page.tasks().size() + page.rejectedTaskNames().size());
        page.tasks().forEach(task -> names.add(task.taskName()));
        names.addAll(page.rejectedTaskNames());
        Set<String> onPage = new HashSet<>();
        for (String name : names) {
            if (!onPage.add(name)) {
                markIncomplete("page " + pagesInPass + " listed task " + UntrustedText.quote(name) + " twice");
                break;
            }
        }
        if (!names.isEmpty() && onPage.equals(new HashSet<>(previousPage))) {
            markIncomplete("page " + pagesInPass + " listed the same tasks as the page before it (does the API ignore"
                    + " offset? check watch.api.offset-mode)");
        }
        previousPage = names;
    }

    /** The poll cannot be complete, and total_count no longer says where the listing ends or how long it is. */
    private void distrustTotal(String reason) {
        markIncomplete(reason);
        totalUntrusted = true;
    }

    private boolean hasNextPage(ReplicationPage page, boolean nothingNew) {
        boolean endOfListing = page.entries() == 0 || page.entries() < paging.limit();
        endToConfirm = !endOfListing && !totalUntrusted && !totalMoved && passTotal != null
                && recordsInPass >= passTotal;
        if (!endOfListing && nothingNew && pass == 1) {
            markIncomplete("page " + pagesInPass + " brought no task not seen before: the API seems to ignore offset");
            return false;
        }
        if (pagesRequested >= paging.maxPages() && !(endOfListing && !totalMoved)) {
            markIncomplete("stopped at the page cap of " + paging.maxPages() + " pages");
            return false;
        }
        return !endOfListing || endOfPass();
    }

    /** Whether a second pass follows the one that just ended. */
    private boolean endOfPass() {
        if (!totalMoved || totalUntrusted) {
            if (!totalUntrusted && passTotal != null && seen.size() < passTotal) {
                markIncomplete("the listing ended after " + seen.size() + " of its total_count " + passTotal
                        + " tasks (check watch.api.offset-mode)");
            }
            return false;
        }
        if (pass == MAX_PASSES) {
            markIncomplete("total_count kept changing while the listing was read");
            return false;
        }
        pass++;
        pagesInPass = 0;
        recordsInPass = 0;
        passTotal = null;
        totalMoved = false;
        previousPage = List.of();
        return true;
    }

    /**
     * True when the last page was full and reached {@code total_count}: the next page, expected empty, is what
     * confirms that total.
     */
    public boolean isEndToConfirm() {
        return endToConfirm && morePages;
    }

    /** Ends the listing at {@code total_count} without the confirming request (see {@link #isEndToConfirm()}). */
    public void endWithoutConfirmation() {
        endToConfirm = false;
        morePages = endOfPass();
    }

    private void markIncomplete(String reason) {
        if (incompleteReason == null) {
            incompleteReason = reason;
        }
    }

    /** Counts an event Kafka acknowledged during this poll. */
    public void published() {
        published.incrementAndGet();
    }

    public boolean isMorePages() {
        return morePages;
    }

    public boolean isComplete() {
        return incompleteReason == null;
    }

    public String incompleteReason() {
        return incompleteReason;
    }

    public boolean hasSeen(String taskName) {
        return seen.contains(taskName);
    }

    /** The task names this poll rejected (control characters), in the order first listed. */
    public List<String> rejectedTaskNames() {
        return List.copyOf(rejectedTaskNames);
    }

    public int seenCount() {
        return seen.size();
    }

    public int pagesRequested() {
        return pagesRequested;
    }

    public int publishedCount() {
        return published.get();
    }

    @Override
    public WatchedInstance instance() {
        return instance;
    }

    public String pollId() {
        return pollId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public String toString() {
        return "poll " + pollId + " of " + instance + " (" + pagesRequested + " pages, " + seen.size() + " tasks"
                + (isComplete() ? ")" : ", incomplete: " + incompleteReason + ")");
    }
}
