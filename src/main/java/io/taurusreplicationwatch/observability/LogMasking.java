package io.taurusreplicationwatch.observability;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.http.HttpActivityListener;
import org.apache.camel.component.http.LoggingHttpActivityListener;
import org.apache.camel.model.RedeliveryPolicyDefinition;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.camel.spi.ExchangeFormatter;
import org.apache.camel.spi.MaskingFormatter;
import org.apache.camel.spi.Tracer;
import org.apache.camel.support.processor.DefaultExchangeFormatter;

/**
 * Puts one {@link SecretMask} in front of every path by which Camel logs an exchange or a request. Camel masks only
 * its Log EIP and log component (with {@code camel.main.log-mask}); its tracer ({@code camel.main.tracing}), the
 * exhausted exchange dump of its default error handler and camel-http's activity log
 * ({@code camel.component.http.log-http-activity}) print the headers, Authorization and tokens among them, unmasked.
 */
public final class LogMasking {

    /** The registry name of the error handler's exchange formatter. */
    public static final String EXHAUSTED_EXCHANGE_FORMATTER = "maskedExhaustedExchangeFormatter";

    private LogMasking() {
    }

    public static void install(CamelContext camelContext, SecretMask mask) throws Exception {
        // The name Camel's Log EIP, log component and camel-http's activity log look up for a custom mask.
        camelContext.getRegistry().bind(MaskingFormatter.CUSTOM_LOG_MASK_REF, mask);

        Tracer tracer = camelContext.getTracer();
        ExchangeFormatter traced = tracer.getExchangeFormatter();
        tracer.setExchangeFormatter(exchange -> mask.format(traced.format(exchange)));

        camelContext.getRegistry().bind(EXHAUSTED_EXCHANGE_FORMATTER, exhaustedExchangeFormatter(mask));
        RedeliveryPolicyDefinition redelivery = new RedeliveryPolicyDefinition();
        redelivery.setExchangeFormatterRef(EXHAUSTED_EXCHANGE_FORMATTER);
        DefaultErrorHandlerDefinition errorHandler = new DefaultErrorHandlerDefinition();
        errorHandler.setRedeliveryPolicy(redelivery);
        camelContext.getCamelContextExtension().setErrorHandlerFactory(errorHandler);

        // camel-http creates its activity logger when it starts, with masking off unless told otherwise (it does not
        // follow camel.main.log-mask); before the routes start, every one of them is told.
        camelContext.addStartupListener((context, alreadyStarted) -> maskHttpActivity(context));
    }

    private static void maskHttpActivity(CamelContext camelContext) {
        for (String name : camelContext.getComponentNames()) {
            if (camelContext.hasComponent(name) instanceof HttpComponent http) {
                maskHttpActivity(http.getHttpActivityListener());
            }
        }
        camelContext.getEndpoints().stream().filter(HttpEndpoint.class::isInstance)
                .forEach(endpoint -> maskHttpActivity(((HttpEndpoint) endpoint).getHttpActivityListener()));
    }

    private static void maskHttpActivity(HttpActivityListener listener) {
        if (listener instanceof LoggingHttpActivityListener logging) {
            logging.setLogMask(true);
        }
    }

    /**
     * Laid out as Camel's default error handler lays out a failed exchange; the body only with
     * {@code camel.main.log-exhausted-message-body}, as there. With a formatter of its own the error handler always
     * adds the exchange to its message history, so the headers (masked) now come with every exhausted failure.
     */
    private static ExchangeFormatter exhaustedExchangeFormatter(SecretMask mask) {
        DefaultExchangeFormatter withBody = exhaustedLayout(true);
        DefaultExchangeFormatter withoutBody = exhaustedLayout(false);
        return (Exchange exchange) -> mask.format(
                (exchange.getContext().isLogExhaustedMessageBody() ? withBody : withoutBody).format(exchange));
    }

    private static DefaultExchangeFormatter exhaustedLayout(boolean showBody) {
        DefaultExchangeFormatter formatter = new DefaultExchangeFormatter();
        formatter.setShowExchangeId(true);
        formatter.setMultiline(true);
        formatter.setShowHeaders(true);
        formatter.setStyle(DefaultExchangeFormatter.OutputStyle.Fixed);
        formatter.setShowBody(showBody);
        formatter.setShowBodyType(showBody);
        return formatter;
    }
}
