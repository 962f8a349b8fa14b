package io.deskbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.support.Browser;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The status page at {@code /} in a real headless Chromium (issue 18, items 3 and 7), against one running Deskbridge
 * with the demo sandbox: sign in, the syncs, a run watched to its end, pause and activate, an error replayed, and a
 * viewer who gets no buttons. The tests run in order and share the app and the browser, so the build stays quick.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageBrowserTest {

    static final String VIEWER = "viewer-token-for-the-status-page-0123";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static RunningDeskbridge app;
    static Browser browser;
    /** The CRM contact whose email the Desk refuses: a failed record, kept with its reason. */
    static String refused;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.viewer-token", VIEWER);
        app = RunningDeskbridge.start(p);
        // A valid internationalised address that the sandbox Desk refuses (it takes ASCII addresses only).
        refused = app.sandbox()
                .crm()
                .insert(
                        "Contacts",
                        JSON.createObjectNode().put("Last_Name", "Kokusai").put("Email", "user@例え.jp"))
                .path("id")
                .asText();
        app.runAndWait("accounts");
        browser = Browser.open();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            app.close();
        }
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefusedWithTheApisMessageAndTheRightOneShowsEverySync() throws Exception {
        browser.get(url("/"));
        signIn("not-the-token-0123456789abcdef");
        browser.showsText(By.id("login-error"), "the bearer token is not valid");
        assertNull(sessionToken(), "a refused token is not kept");

        signIn(RunningDeskbridge.TOKEN);
        browser.showsText(By.id("who-name"), "Signed in as admin (admin)");
        for (JsonNode sync : app.get("/admin/syncs").path("syncs")) {
            String id = sync.path("id").asText();
            WebElement row = browser.shown(By.cssSelector("#syncs-body tr[data-sync='" + id + "']"));
            assertTrue(row.getText().contains(sync.path("state").asText()), id + ": " + row.getText());
        }
        WebElement accounts = browser.showsText(By.cssSelector("#syncs-body tr[data-sync='accounts']"), "SUCCEEDED");
        assertFalse(
                accounts.findElements(By.cssSelector("svg.chart rect.bar-created"))
                        .isEmpty(),
                "the accounts run is drawn");
        assertEquals(RunningDeskbridge.TOKEN, sessionToken(), "kept for this tab");
        assertNull(script("return window.localStorage.length ? 'stored' : null;"), "nothing kept beyond the tab");
        assertFalse(browser.driver().getPageSource().contains(RunningDeskbridge.TOKEN), "the token is never shown");
        browser.screenshot("status-1-syncs");
    }

    @Test
    @Order(2)
    void runNowShowsTheRunWhileItRunsAndItsFiguresWhenItEnds() throws Exception {
        selectContacts();
        // Slow Desk answers: the run lasts a few seconds, long enough for the page to show it running.
        app.sandbox()
                .faults()
                .set("desk", FaultPlan.parse(Map.of(FaultPlan.SLOW, "1", FaultPlan.SLOW_MS, "250"), "desk."));
        try {
            click(By.cssSelector("#detail [data-action='run']"));
            WebElement progress = browser.showsText(By.cssSelector("#detail .running"), "is running");
            long runId = Long.parseLong(progress.getAttribute("data-run"));
            browser.showsText(By.cssSelector("#syncs-body tr[data-sync='contacts']"), "RUNNING");
            browser.screenshot("status-2-running");

            JsonNode run = app.runAndWaitFor("contacts", runId);
            assertEquals("PARTIAL", run.path("status").asText(), run.toString());
            WebElement row =
                    browser.showsText(By.cssSelector("#detail table.runs tr[data-run='" + runId + "']"), "PARTIAL");
            for (String figure : List.of("read", "created", "updated", "linked", "excluded", "failed")) {
                assertEquals(
                        run.path(figure).asText(),
                        row.findElement(By.cssSelector("td." + figure)).getText(),
                        figure + " of run " + runId);
            }
            browser.await(
                    d -> d.findElements(By.cssSelector("#detail .running")).isEmpty());
            assertTrue(
                    browser.driver()
                            .findElement(By.cssSelector("#syncs-body tr[data-sync='contacts']"))
                            .getText()
                            .contains("created " + run.path("created").asInt() + " · updated "
                                    + run.path("updated").asInt() + " · failed 1"),
                    "the syncs table shows the run's figures");
            assertFalse(
                    browser.driver()
                            .findElements(By.cssSelector("#detail svg.chart-big rect.bar-failed"))
                            .isEmpty(),
                    "the failed record is drawn");
        } finally {
            app.sandbox().faults().clear();
        }
    }

    @Test
    @Order(3)
    void pauseAndActivateMoveTheSyncAndTheApiAgrees() throws Exception {
        selectContacts();
        click(By.cssSelector("#detail [data-action='pause']"));
        browser.showsText(By.cssSelector("#detail h2 .badge"), "PAUSED");
        browser.showsText(By.id("notice"), "contacts is PAUSED now.");
        assertEquals("PAUSED", app.get("/admin/syncs/contacts").path("state").asText());
        assertFalse(
                browser.driver()
                        .findElement(By.cssSelector("#detail [data-action='run']"))
                        .isEnabled(),
                "a paused sync cannot run");
        browser.screenshot("status-3-paused");

        click(By.cssSelector("#detail [data-action='activate']"));
        browser.showsText(By.cssSelector("#detail h2 .badge"), "ACTIVE");
        assertEquals("ACTIVE", app.get("/admin/syncs/contacts").path("state").asText());
        browser.showsText(By.cssSelector("#syncs-body tr[data-sync='contacts'] .badge"), "ACTIVE");
    }

    @Test
    @Order(4)
    void aFailedRecordIsShownWithItsReasonAndReplayed() throws Exception {
        if (app.get("/admin/syncs/contacts").path("records").path("failing").asInt() == 0) {
            app.runAndWait("contacts");
        }
        JsonNode before = failure();
        selectContacts();
        WebElement issue = browser.showsText(
                By.cssSelector("#detail table.issues tr[data-issue='"
                        + before.path("id").asText() + "']"),
                "INVALID_DATA");
        assertTrue(issue.getText().contains(refused), issue.getText());
        assertTrue(issue.getText().contains(before.path("reason").asText()), issue.getText());

        click(By.cssSelector("#detail tr[data-issue='" + before.path("id").asText() + "'] [data-action='replay']"));
        WebElement notice = browser.showsText(By.id("notice"), "queued again; run ");
        long runId = Long.parseLong(notice.getText().replaceAll(".*queued again; run (\\d+) takes it.*", "$1"));
        JsonNode run = app.runAndWaitFor("contacts", runId);
        assertEquals("replay", run.path("trigger").asText(), run.toString());
        assertEquals(
                before.path("attempts").asInt() + 1, failure().path("attempts").asInt(), "tried again");
        browser.showsText(By.cssSelector("#detail table.runs tr[data-run='" + runId + "']"), "replay");
        browser.driver().manage().window().setSize(new Dimension(1280, 1500));
        try {
            browser.showsText(
                    By.cssSelector("#detail tr[data-issue='" + before.path("id").asText() + "'] td.num"),
                    String.valueOf(before.path("attempts").asInt() + 1));
            browser.screenshot("status-4-replayed");
        } finally {
            browser.driver().manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    @Order(5)
    void aDryRunShowsWhatARunWouldWriteAndWritesNothing() throws Exception {
        String email = "dry.run.preview@example.com";
        app.sandbox()
                .crm()
                .insert(
                        "Contacts",
                        JSON.createObjectNode().put("Last_Name", "Preview").put("Email", email));
        int deskContacts = app.sandbox().desk().contactCount();
        selectContacts();
        click(By.cssSelector("#detail [data-action='dry-run']"));
        browser.showsText(By.cssSelector("#detail .preview"), "Nothing was written to either system.");
        click(By.cssSelector("#detail .preview [data-key='outcome-created']"));
        WebElement created = browser.showsText(By.cssSelector("#detail .preview table.preview-items tbody"), email);
        assertTrue(created.getText().contains("→"), "field by field: " + created.getText());
        browser.screenshot("status-5-dry-run");

        assertEquals(deskContacts, app.sandbox().desk().contactCount(), "the Desk got no contact");
        assertTrue(app.sandbox().desk().contactsWithEmail(email).isEmpty(), "nor this one");
        JsonNode dryRun =
                app.get("/admin/syncs/contacts/runs?limit=1").path("items").path(0);
        assertTrue(dryRun.path("dryRun").asBoolean(), dryRun.toString());
        // The list the page polls leaves the preview out: the page read it from the run itself.
        assertTrue(dryRun.path("preview").isMissingNode(), dryRun.toString());
        JsonNode withPreview =
                app.get("/admin/syncs/contacts/runs/" + dryRun.path("runId").asLong());
        // The replayed record the Desk refuses is previewed as created too: a dry run cannot know what a system
        // would refuse (README "Dry run").
        assertTrue(withPreview.path("preview").path("created").toString().contains(email), withPreview.toString());
    }

    @Test
    @Order(6)
    void aViewerSeesTheSyncsAndTheirErrorsButNoButtonThatChangesThem() throws Exception {
        click(By.id("sign-out"));
        browser.shown(By.id("token"));
        assertNull(sessionToken(), "signing out forgets the token");
        assertTrue(
                browser.driver().findElements(By.cssSelector("#syncs-body tr")).isEmpty(), "and what it read");

        signIn(VIEWER);
        browser.showsText(By.id("who-name"), "Signed in as viewer (viewer)");
        selectContacts();
        browser.shown(By.cssSelector("#detail table.issues tr[data-issue]"));
        browser.shown(By.cssSelector("#detail table.runs tr[data-run]"));
        assertEquals(
                List.of(),
                browser.driver().findElements(By.cssSelector("[data-action]")).stream()
                        .map(WebElement::getText)
                        .toList(),
                "no run, dry run, lifecycle or replay button for a viewer");
        browser.screenshot("status-5-viewer");
    }

    private static void selectContacts() {
        click(By.cssSelector("#syncs-body tr[data-sync='contacts'] th button"));
        browser.showsText(By.cssSelector("#detail h2"), "contacts");
    }

    private static void signIn(String token) {
        WebElement input = browser.shown(By.id("token"));
        input.clear();
        input.sendKeys(token);
        browser.driver().findElement(By.id("sign-in")).click();
    }

    /** Clicks the element once it is there and enabled; the page may have redrawn it meanwhile. */
    private static void click(By by) {
        browser.await(d -> {
            try {
                WebElement el = d.findElements(by).stream()
                        .filter(e -> e.isDisplayed() && e.isEnabled())
                        .findFirst()
                        .orElse(null);
                if (el == null) {
                    return null;
                }
                el.click();
                return true;
            } catch (StaleElementReferenceException redrawn) {
                return null;
            }
        });
    }

    private static JsonNode failure() throws Exception {
        for (JsonNode i : app.get("/admin/syncs/contacts/errors?kind=FAILED").path("items")) {
            if (i.path("recordId").asText().equals(refused)) {
                return i;
            }
        }
        throw new AssertionError("the record " + refused + " is not kept as failed");
    }

    private static String sessionToken() {
        return (String) script("return window.sessionStorage.getItem('deskbridge.token');");
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) browser.driver()).executeScript(js);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }
}
