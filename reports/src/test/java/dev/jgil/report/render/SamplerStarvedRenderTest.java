package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.SyntheticPerTask;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ReportModel;
import dev.jgil.schema.Sampling;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A starved sampler is stated in every view of the report with the exit summary's sentence; a fed one nowhere. */
class SamplerStarvedRenderTest {
    static Analysis analysis(long samples) {
        JvmRecording r = SyntheticPerTask.recording(10);
        r.configuration.samplePeriodNanos = 1_000_000;
        r.totals.intervalNanos = 1_000_000_000L;
        r.totals.samples = samples;
        return new Analysis(new ReportModel(List.of(r)));
    }

    @Test
    void aSamplerThatGotHalfItsSamplesIsStatedInTheHtmlTextAndJson() {
        Analysis a = analysis(500);
        assertEquals(0.5, a.jvms.get(0).samplerDeliveredFraction(), 1e-9);
        String statement = Sampling.statement(0.5);
        assertTrue(statement.startsWith("sampler starved: 50% of intended samples"), statement);
        String html = HtmlRenderer.render(a);
        assertTrue(html.contains("id=\"sampler-starved\""));
        assertTrue(html.contains(Html.escape(statement)), "the HTML states it");
        assertTrue(TextRenderer.render(a).contains(statement), "the text states it");
        JsonObject jvm = JsonParser.parseString(JsonRenderer.render(a, false)).getAsJsonObject().getAsJsonArray("jvms").get(0).getAsJsonObject();
        assertTrue(jvm.get("samplerStarved").getAsBoolean());
        assertEquals(0.5, jvm.get("samplerDeliveredFraction").getAsDouble(), 1e-9);
    }

    @Test
    void aFedSamplerOrOneTooShortToJudgeIsNotCalledStarved() {
        Analysis fed = analysis(950);
        assertFalse(HtmlRenderer.render(fed).contains("sampler-starved"));
        assertFalse(TextRenderer.render(fed).contains("sampler starved"));
        JvmRecording shortRun = SyntheticPerTask.recording(10);
        shortRun.configuration.samplePeriodNanos = 1_000_000;
        shortRun.totals.intervalNanos = 50_000_000L; // 50 intended samples: too few to judge
        shortRun.totals.samples = 1;
        Analysis a = new Analysis(new ReportModel(List.of(shortRun)));
        assertTrue(Double.isNaN(a.jvms.get(0).samplerDeliveredFraction()));
        JsonObject jvm = JsonParser.parseString(JsonRenderer.render(a, false)).getAsJsonObject().getAsJsonArray("jvms").get(0).getAsJsonObject();
        assertTrue(jvm.get("samplerDeliveredFraction").isJsonNull());
        assertFalse(jvm.get("samplerStarved").getAsBoolean());
    }
}
