package dev.jgil.engines.drivers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A Jetty 12 server (selector, acceptor and a pool of 4-16 threads) answering {@code requests} requests from
 * {@code clients} java.net.http client threads; every response must be a 200 with the body computed for its query.
 */
public final class JettyDriver {
    static String body(String q) {
        int h = 0;
        for (int i = 0; i < 200; i++) h = 31 * h + q.hashCode() + i;
        return "hello " + q + " " + Integer.toHexString(h);
    }

    /** The application's handler (not designated: only Jetty is). */
    static final class Hello extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String q = request.getHttpURI().getQuery();
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            Content.Sink.write(response, true, body(q == null ? "" : q), callback);
            return true;
        }
    }

    public static void main(String[] args) throws Exception {
        Driver driver = new Driver("jetty");
        int requests = Driver.arg(args, "requests", 300);
        int clients = Driver.arg(args, "clients", 4);
        long t0 = System.nanoTime();
        Server server = new Server(new QueuedThreadPool(16, 4));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Hello());
        server.start();
        int port = connector.getLocalPort();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
        AtomicInteger good = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                for (int i = id; i < requests; i += clients) {
                    String q = "c" + id + "r" + i;
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x?" + q)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && r.body().equals(body(q))) good.incrementAndGet();
                        else if (bad.getAndIncrement() < 5) System.out.println("bad response " + r.statusCode() + " " + r.body());
                    } catch (Exception e) {
                        if (bad.getAndIncrement() < 5) System.out.println("request failed: " + e);
                    }
                }
            }, "client-" + c);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) t.join();
        server.stop();
        long work = System.nanoTime() - t0;
        driver.finish(work, good.get() == requests && bad.get() == 0, "ok200=" + good.get() + "/" + requests + " bad=" + bad.get());
    }
}
