package dev.jgil.report.predict;

import dev.jgil.report.render.Json;
import java.util.List;

/**
 * The predictions as JSON: {@code recorded} (the off run), {@code predicted} (the first setting) and
 * {@code predictions} (every setting of a sweep, same shape). Per-thread names follow the report's thread rows
 * ({@code name}, {@code heldFraction}, {@code waitFraction}, {@code waitNanos}).
 */
public final class PredictionJson {
    private PredictionJson() {
    }

    public static String of(Trace trace, List<Prediction> ps, List<String> warnings) {
        Json j = new Json();
        j.beginObject();
        j.field("source", trace.source);
        j.name("recorded").beginObject()
                .field("wallNanos", trace.wallNanos())
                .field("threads", trace.threads.size())
                .field("segments", trace.segmentCount())
                .field("cores", trace.cores)
                .field("coresRecorded", trace.coresRecorded)
                .field("crossGroupNanos", trace.crossGroupNanos)
                .endObject();
        j.name("predicted");
        prediction(j, ps.get(0));
        j.name("predictions").beginArray();
        for (Prediction p : ps) prediction(j, p);
        j.endArray();
        j.name("warnings").beginArray();
        for (String w : warnings) j.value(w);
        j.endArray();
        j.endObject();
        return j.toString();
    }

    private static void prediction(Json j, Prediction p) {
        j.beginObject()
                .field("policy", p.policy.option())
                .field("intervalNanos", p.intervalNanos)
                .field("handOffNanos", p.handOffNanos)
                .nanos("wallNanos", p.wallNanos)
                .nanos("designatedSpanNanos", p.designatedSpanNanos)
                .field("recordedDesignatedSpanNanos", p.recordedDesignatedSpanNanos)
                .field("capacityCores", p.capacity)
                .field("slowdown", p.slowdown())
                .nanos("addedWaitNanos", p.addedWaitNanos())
                .nanos("waitAfterBlockingNanos", p.waitAfterBlockingNanos())
                .field("waitsAfterBlocking", p.waitsAfterBlocking())
                .field("headline", PredictionText.headline(p));
        j.name("gils").beginArray();
        for (String g : p.gils) j.value(g);
        j.endArray();
        j.name("threads").beginArray();
        for (Prediction.ThreadResult t : p.threads) {
            j.beginObject()
                    .field("name", t.name)
                    .field("segments", t.segments)
                    .field("recordedBusyNanos", t.recordedBusyNanos)
                    .nanos("demandNanos", t.demandNanos)
                    .nanos("waitNanos", t.waitNanos)
                    .nanos("heldNanos", t.heldNanos)
                    .nanos("spanNanos", t.spanNanos)
                    .field("heldFraction", t.heldFraction())
                    .field("waitFraction", t.waitFraction())
                    .field("contendedWaits", t.contendedWaits())
                    .nanos("waitP50Nanos", t.waitPercentile(50))
                    .nanos("waitP99Nanos", t.waitPercentile(99))
                    .nanos("waitMaxNanos", t.waitPercentile(100))
                    .field("forcedDrops", t.forcedDrops)
                    .field("timeBound", t.timeBound)
                    .endObject();
        }
        j.endArray();
        j.endObject();
    }
}
