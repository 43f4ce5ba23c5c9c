package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.ApiErrorException;
import io.taurusreplicationwatch.api.IamProjects;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.credentials.CredentialsProvider;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.spi.MaskingFormatter;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every listed instance its project at start-up, before any poll: the one its entry or its region's default
 * names, else the one project IAM lists under the region's name, asked once per region. No match, several matches or
 * an IAM that cannot answer stop the service with one line naming the region and the fix: set the project id.
 */
final class ProjectDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectDiscovery.class);

    private final URI iamEndpoint;
    private final CredentialsProvider credentials;
    private final HttpClientConfigurer clientConfigurer;
    private final MaskingFormatter secretMask;
    private final Clock clock;

    /**
     * {@code clientConfigurer} makes the IAM client the API's: its timeouts, TLS, proxy and request guard;
     * {@code secretMask} hides the credentials in IAM's error text, which a start-up line shows.
     */
    ProjectDiscovery(URI iamEndpoint, CredentialsProvider credentials, HttpClientConfigurer clientConfigurer,
                     MaskingFormatter secretMask, Clock clock) {
        this.iamEndpoint = iamEndpoint;
        this.credentials = credentials;
        this.clientConfigurer = clientConfigurer;
        this.secretMask = secretMask;
        this.clock = clock;
    }

    List<WatchedInstance> watched(List<InstanceEntry> entries) {
        Set<String> regionsToAsk = new LinkedHashSet<>();
        entries.stream().filter(entry -> entry.projectId().isEmpty()).forEach(entry -> regionsToAsk.add(entry.region()));
        Map<String, String> discovered = regionsToAsk.isEmpty() ? Map.of() : ask(regionsToAsk);
        Set<WatchedInstance> watched = new LinkedHashSet<>();
        for (InstanceEntry entry : entries) {
            watched.add(entry.in(entry.projectId().orElseGet(() -> discovered.get(entry.region()))));
        }
        return List.copyOf(watched);
    }

    private Map<String, String> ask(Set<String> regions) {
        HttpClientBuilder builder = HttpClientBuilder.create();
        clientConfigurer.configureHttpClient(builder);
        Map<String, String> projects = new LinkedHashMap<>();
        try (CloseableHttpClient client = builder.build()) {
            // Listing projects needs no project: a key pair signs it as it is; an IAM token source, scoped to a project,
            // cannot serve it, and IAM's refusal then names the fix (list the instance with its project).
            IamProjects iam = new IamProjects(iamEndpoint, credentials.current(""), client, clock);
            for (String region : regions) {
                projects.put(region, projectOf(iam, region));
            }
        } catch (IOException closing) {
            LOG.debug("Closing the IAM client failed", closing);
        }
        return projects;
    }

    private String projectOf(IamProjects iam, String region) {
        List<String> ids;
        try {
            ids = iam.idsNamed(region);
        } catch (IOException | ApiErrorException e) {
            throw new InvalidSettingException(WatchSettings.INSTANCES, "cannot discover the project of region '"
                    + region + "' from IAM at " + iamEndpoint + " (" + secretMask.format(failure(e)) + "); "
                    + fix(region)
                    + ", or check the credentials and " + WatchSettings.IAM_ENDPOINT);
        }
        if (ids.size() != 1) {
            throw new InvalidSettingException(WatchSettings.INSTANCES, "IAM at " + iamEndpoint + " lists "
                    + (ids.isEmpty() ? "no project" : ids.size() + " projects " + ids) + " named '" + region
                    + "' for the instances of that region listed without a project; " + fix(region));
        }
        LOG.info("Project of region {} from IAM at {}: {}", region, iamEndpoint, ids.get(0));
        return ids.get(0);
    }

    private static String failure(Exception e) {
        // An unreachable IAM is named by its cause as a failed poll is (WATCH.HttpHostConnectException, ...).
        return e instanceof ApiErrorException ? e.getMessage()
                : "WATCH." + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String fix(String region) {
        return "set the project id: write the entries as " + region + "/<project_id>:<instance_id> (or set "
                + WatchSettings.PROJECT_ID + " when " + region + " is " + WatchSettings.REGION + ")";
    }
}
