package io.taurusreplicationwatch.simulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one API the simulator serves, as a raw request path names it: which instance of which project. */
record ApiRoute(String projectId, String instanceId) {

    private static final Pattern PATH =
            Pattern.compile("^/v3/([^/]+)/instances/([^/]+)/starrocks/databases/replication/?$");

    /** The route of this raw path, or null for any other path. */
    static ApiRoute of(String rawPath) {
        Matcher route = PATH.matcher(rawPath == null ? "" : rawPath);
        return route.matches() ? new ApiRoute(route.group(1), route.group(2)) : null;
    }
}
