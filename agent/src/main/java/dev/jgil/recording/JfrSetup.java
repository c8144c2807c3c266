package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.schema.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/** What the recording asks of JFR before it starts: jgil's event types and the recording's settings. */
public final class JfrSetup {
    private JfrSetup() {
    }

    /**
     * Registered up front so the types (with labels and units) are in the metadata of every recording,
     * even one in which no such event happened.
     */
    static void registerEvents() {
        FlightRecorder.register(ContendedAcquireEvent.class);
        FlightRecorder.register(HoldEvent.class);
        FlightRecorder.register(SegmentEvent.class);
        FlightRecorder.register(SwitchRequestEvent.class);
        FlightRecorder.register(StatisticsEvent.class);
        FlightRecorder.register(ThreadStatisticsEvent.class);
        FlightRecorder.register(ConfigurationEvent.class);
        FlightRecorder.register(ConfigurationChangeEvent.class);
        FlightRecorder.register(DesignationEvent.class);
    }

    static Recording newRecording(AgentOptions o) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        Configuration jgil;
        try {
            boolean preset = o.jfrSettings.equals(Schema.SETTINGS_DEFAULT) || o.jfrSettings.equals(Schema.SETTINGS_TRACE);
            if (preset) {
                // The JDK's own events (GC, safepoints, thread parks, CPU load) explain many GIL waits,
                // and JMC's rules need them; "default" costs about 1%.
                if (!o.jfrJdk.equals("none")) settings.putAll(Configuration.getConfiguration(o.jfrJdk).getSettings());
                jgil = presetConfiguration(o.jfrSettings);
            } else {
                jgil = Configuration.create(Path.of(o.jfrSettings));
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("jgil: cannot read JFR settings '" + o.jfrSettings + "': " + e.getMessage(), e);
        }
        settings.putAll(jgil.getSettings());
        Recording r = new Recording(settings);
        r.setName("jgil");
        // On disk with a destination: stopping it, by us or by JFR's shutdown hook, writes the file.
        r.setToDisk(true);
        r.setDestination(o.jfrFile);
        r.setDumpOnExit(true);
        return r;
    }

    /** The shipped settings: {@code default} (jgil.jfc) or {@code trace} (jgil-trace.jfc). */
    public static Configuration presetConfiguration(String name) throws IOException, ParseException {
        String resource = name.equals(Schema.SETTINGS_TRACE) ? Schema.JFC_TRACE_RESOURCE : Schema.JFC_DEFAULT_RESOURCE;
        InputStream in = JfrSetup.class.getResourceAsStream(resource);
        if (in == null) throw new IOException("missing resource " + resource);
        try (Reader rd = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Configuration.create(rd);
        }
    }

    /**
     * Event registration on a thread of its own. Registering the event classes (JFR instruments each one) and
     * reading the settings (XML) are independent: on a machine with two cores they overlap, which takes about a
     * third off the recording's start-up wall time.
     */
    static Prepared registerEventsInBackground() {
        Prepared r = new Prepared(null);
        r.thread.setDaemon(true);
        r.thread.start();
        return r;
    }

    /**
     * At start-up, before the runtime is in place (nothing here may load a runtime class): settles the output files
     * and, if a .jfr file is wanted, has JFR initialised, jgil's events registered and the recording made and started
     * on a thread of its own. That is most of the recording's start-up (the Flight Recorder's initialisation, the
     * settings' XML, the first chunk) and needs nothing of the GIL: it overlaps the rest of the agent's installation,
     * and {@link GilRecording} takes the recording it made. Never throws: a failure is thrown where the recording
     * starts, as if it had happened there.
     */
    public static void prepareEarly(AgentOptions o) {
        try {
            if (!OutputFiles.any(o)) return;
            OutputFiles.settle(o);
            if (o.jfrFile == null || !FlightRecorder.isAvailable()) return;
            if (o.outDir != null) java.nio.file.Files.createDirectories(o.outDir); // the destination's folder (see begin)
            Prepared p = new Prepared(o);
            p.thread.setDaemon(true);
            p.thread.start();
            early = p;
        } catch (Throwable t) {
            early = null; // the recording's start does it all again, on its own thread, and reports what fails
        }
    }

    private static volatile Prepared early;

    /**
     * The agent disables itself, or its recording did not start: the recording made early must not go on and write a
     * file at exit. Never throws.
     */
    public static void cancelEarly() {
        Prepared p = early;
        early = null;
        if (p == null) return;
        try {
            Recording r = p.join();
            if (r != null) r.close();
        } catch (Throwable ignored) {
            // it failed to start: nothing to close
        }
    }

    /** The recording {@link #prepareEarly} is making for exactly these options, once; null otherwise. */
    static Prepared takeEarly(AgentOptions o) {
        Prepared p = early;
        if (p == null || p.options != o) return null;
        early = null;
        return p;
    }

    /** jgil's events registered and, with options, the recording made and started, on a thread of its own. */
    static final class Prepared {
        final AgentOptions options;
        private volatile Recording recording;
        private volatile Throwable failure;
        final Thread thread;

        Prepared(AgentOptions o) {
            this.options = o;
            this.thread = new Thread(() -> {
                try {
                    registerEvents();
                    if (o == null) return;
                    Recording r = newRecording(o);
                    try {
                        r.start(); // before the listener is attached: no jgil event is lost, JFR's chunk starts sooner
                    } catch (Throwable t) {
                        r.close();
                        throw t;
                    }
                    recording = r;
                } catch (Throwable t) {
                    failure = t;
                }
            }, "jgil-recording-setup");
        }

        /** The recording, started (null for a registration only); what failed is thrown here, on the caller's thread. */
        Recording join() throws IOException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure;
            if (t instanceof IOException) throw (IOException) t;
            if (t instanceof RuntimeException) throw (RuntimeException) t;
            if (t instanceof Error) throw (Error) t;
            if (t != null) throw new IllegalStateException(t);
            return recording;
        }
    }

    /**
     * Runs {@code start} once the Flight Recorder is initialised by someone (now, if it already is). Run on a thread
     * of its own: the listener is called inside the Flight Recorder's initialisation (its lock held), and registering
     * our events from there could deadlock with another thread that registers one.
     */
    static void whenInitialized(Runnable start) {
        if (FlightRecorder.isInitialized()) {
            start.run();
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        FlightRecorder.addListener(new jdk.jfr.FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                if (!once.compareAndSet(false, true)) return;
                Thread t = new Thread(start, "jgil-recording-start");
                t.setDaemon(true);
                t.start();
            }
        });
    }
}
