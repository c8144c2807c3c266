package dev.jgil.report.render;

/** The JSON document an HTML page embeds for its script (tests read it as the page's script does). */
public final class HtmlDataForTests {
    private HtmlDataForTests() {
    }

    public static String embeddedJson(String html) {
        int from = html.indexOf("id=\"jgil-data\">") + "id=\"jgil-data\">".length();
        return html.substring(from, html.indexOf("</script>", from));
    }
}
