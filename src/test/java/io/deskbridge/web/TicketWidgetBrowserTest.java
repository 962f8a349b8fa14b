package io.deskbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.deskbridge.support.Browser;
import io.deskbridge.support.RunningDeskbridge;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The CRM ticket widget in a real headless Chromium (issue 18, items 4 and 7): a seeded CRM contact's tickets and
 * figures, a filter, a comment that reaches the Desk, the API's refusals shown with their messages, and the frame
 * policy as a browser enforces it. The sandbox's demo data is synced first (accounts, contacts, tickets), so the
 * contact's Desk tickets are linked to it as in production.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketWidgetBrowserTest {

    /** The sandbox's Mary Major: tickets #101 (open, overdue), #102 (closed, rated good), #103 (escalated). */
    static final String MARY = "5725767000000412010";

    static final String T101 = "1892000000143001";
    /** The sandbox's Ken Tanaka: #104 (On Hold) and #105 (closed). */
    static final String KEN = "5725767000000412004";

    static final String T104 = "1892000000143004";
    static final String T105 = "1892000000143005";
    /** The sandbox's 高橋 三郎, who has no email and no tickets. */
    static final String NO_EMAIL = "5725767000000412007";

    static final String COMMENTER = "commenter-token-0123456789abcdef";
    static final String VIEWER = "viewer-token-0123456789abcdef";
    static final Path DOC_SCREENSHOT = Path.of("docs", "screenshots", "ticket-widget.png");

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    Browser browser;
    /** Serves the CRM's stand-in: a page framing the widget; as 127.0.0.1 it is an allowed origin, as localhost not. */
    HttpServer crm;

    @BeforeAll
    void start() throws Exception {
        crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put(FrameOrigins.KEY, "https://crm.zoho.eu, " + crmOrigin("127.0.0.1"));
        p.put("deskbridge.admin.viewer-token", VIEWER);
        p.put("deskbridge.admin.tokens.widget.token", COMMENTER);
        p.put("deskbridge.admin.tokens.widget.role", "commenter");
        app = RunningDeskbridge.start(p);
        for (String sync : List.of("accounts", "contacts", "tickets")) {
            assertEquals("SUCCEEDED", app.runAndWait(sync).path("status").asText(), sync);
        }
        crm.createContext("/", exchange -> {
            // The widget from Deskbridge's other name: 'self' is then no excuse, the configured origin must allow it.
            byte[] page = ("<!doctype html><title>CRM</title><h1>Contact</h1>"
                            + "<iframe id=\"panel\" width=\"600\" height=\"700\" src=\"" + widgetUrl("localhost", MARY)
                            + "\" onload=\"document.title='framed'\"></iframe>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        crm.start();
        browser = Browser.open();
    }

    @AfterAll
    void stop() throws Exception {
        try (RunningDeskbridge a = app) {
            if (browser != null) {
                browser.close();
            }
        } finally {
            crm.stop(0);
        }
    }

    /** Each test starts signed out, in a side panel's width. */
    @BeforeEach
    void signedOut() {
        browser.get(widgetUrl("127.0.0.1", MARY));
        ((JavascriptExecutor) driver()).executeScript("window.sessionStorage.clear()");
        driver().manage().window().setSize(new Dimension(640, 900));
    }

    @Test
    void aCommenterSeesTheContactsTicketsAndFiguresFiltersThemAndCommentsThroughTheDesk() throws Exception {
        open(MARY, COMMENTER);
        browser.showsText(By.cssSelector(".tw-fig-total dd"), "3");
        assertEquals("2", text(".tw-fig-open dd"));
        assertEquals("1", text(".tw-fig-overdue dd"));
        assertEquals("1 h 30 min", text(".tw-fig-first dd"));
        assertEquals("1 d", text(".tw-fig-resolution dd"));
        assertEquals("Good 1 · Okay 0 · Bad 0", text(".tw-fig-ratings dd"));
        assertTrue(text("#tw-feedback").contains("Quick fix, thank you!"), text("#tw-feedback"));
        browser.showsText(By.id("tw-list-msg"), "3 tickets");
        assertEquals(
                List.of(
                        "Export to CSV times out",
                        "Invoice shows the wrong VAT rate",
                        "Cannot sign in to the customer portal"),
                subjects());
        assertFalse(
                browser.driver().findElement(By.id("tw-new")).isDisplayed(),
                "a new ticket needs an admin token; a commenter is not offered one");

        choose("Overdue");
        browser.showsText(By.id("tw-list-msg"), "1 ticket (Overdue)");
        assertEquals(List.of("Cannot sign in to the customer portal"), subjects());
        choose("Closed");
        browser.showsText(By.id("tw-list-msg"), "1 ticket (Closed)");
        assertEquals(List.of("Invoice shows the wrong VAT rate"), subjects());
        choose("Open");
        browser.showsText(By.id("tw-list-msg"), "2 tickets (Open)");

        WebElement ticket = ticket(T101);
        ticket.findElement(By.cssSelector(".tw-ticket-head")).click();
        browser.showsText(By.cssSelector("#tw-detail-" + T101 + " .tw-conversation"), "Conversation");
        String comment = "Called Mary: she can sign in again (widget test)";
        WebElement form = ticket.findElement(By.cssSelector(".tw-comment-form"));
        form.findElement(By.tagName("textarea")).sendKeys(comment);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.showsText(By.cssSelector("#tw-detail-" + T101 + " .tw-actions > .tw-msg"), "Private comment added.");
        browser.showsText(By.cssSelector("#tw-detail-" + T101 + " .tw-entries"), comment);

        JsonNode read = app.get("/api/tickets/" + T101);
        assertTrue(read.path("comments").toString().contains(comment), "the Desk has it: " + read.path("comments"));
        assertTrue(
                app.sandbox().desk().tickets().comments(T101).stream()
                        .anyMatch(c -> comment.equals(c.path("content").asText())),
                "in the sandbox's Desk");
        // Tall enough to show the new comment under the figures and the list.
        driver().manage().window().setSize(new Dimension(640, 1280));
        Path shot = browser.screenshot("ticket-widget");
        // The README's picture is renewed on request only: a test run must not change a committed file.
        if (Boolean.getBoolean("deskbridge.test.update-docs")) {
            Files.createDirectories(DOC_SCREENSHOT.getParent());
            Files.copy(shot, DOC_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aViewerSeesTheTicketsAndFiguresButNoCommentBoxNorActions() {
        open(MARY, VIEWER);
        browser.showsText(By.id("tw-who"), "Signed in as viewer (viewer)");
        browser.showsText(By.cssSelector(".tw-fig-total dd"), "3");
        browser.showsText(By.id("tw-list-msg"), "3 tickets");
        String detail = openTicket(T101);
        assertEquals(List.of(), driver().findElements(By.cssSelector(detail + " .tw-actions")), "no actions");
        assertEquals(List.of(), driver().findElements(By.cssSelector(detail + " button")), "no buttons");
        assertEquals(List.of(), driver().findElements(By.cssSelector(detail + " textarea")), "no comment box");
        assertFalse(driver().findElement(By.id("tw-new")).isDisplayed(), "no New ticket");
    }

    @Test
    void aCommenterSeesTheCommentBoxButNoOtherAction() {
        open(MARY, COMMENTER);
        browser.showsText(By.id("tw-who"), "Signed in as widget (commenter)");
        String detail = openTicket(T101);
        browser.shown(By.cssSelector(detail + " .tw-comment-form textarea"));
        assertEquals(List.of(), summaries(detail), "no reply, status or deal forms");
        assertEquals(
                List.of("Add comment"),
                driver().findElements(By.cssSelector(detail + " button")).stream()
                        .map(WebElement::getText)
                        .toList(),
                "no close or trash");
        assertFalse(driver().findElement(By.id("tw-new")).isDisplayed(), "no New ticket");
    }

    @Test
    void anAdminSeesEveryAction() {
        open(MARY, RunningDeskbridge.TOKEN);
        browser.showsText(By.id("tw-who"), "Signed in as admin (admin)");
        String detail = openTicket(T101);
        browser.shown(By.cssSelector(detail + " .tw-comment-form textarea"));
        browser.shown(By.cssSelector(detail + " .tw-close"));
        browser.shown(By.cssSelector(detail + " .tw-danger"));
        assertEquals(List.of("Reply by email", "Change status, priority, due date", "Deal"), summaries(detail));
        assertTrue(driver().findElement(By.id("tw-new")).isDisplayed(), "a contact can get a new ticket");
    }

    /**
     * Sign-in asks whoami, so an unknown token is refused at once. The page shows a role's actions only, but the API
     * decides: a token whose role was lowered after sign-in (here: a whoami answer the page is handed) still gets
     * the API's 403, shown with its message.
     */
    @Test
    void theApisRefusalsAreShownWithTheirMessages() {
        signIn("not-a-token-of-this-deskbridge");
        browser.showsText(By.id("tw-login-msg"), "Not signed in (401): ");
        assertTrue(browser.driver().findElement(By.id("tw-token")).isDisplayed(), "asked again");
        assertFalse(driver().findElement(By.id("tw-app")).isDisplayed(), "nothing shown to an unknown token");

        ((JavascriptExecutor) driver())
                .executeScript("const real = window.fetch;"
                        + "window.fetch = (path, init) => String(path).endsWith('/admin/whoami')"
                        + " ? Promise.resolve(new Response('{\"name\":\"viewer\",\"role\":\"commenter\"}',"
                        + " {status: 200, headers: {'Content-Type': 'application/json'}}))"
                        + " : real(path, init);");
        signIn(VIEWER);
        browser.shown(By.id("tw-app"));
        browser.showsText(By.id("tw-list-msg"), "3 tickets");
        WebElement ticket = ticket(T101);
        ticket.findElement(By.cssSelector(".tw-ticket-head")).click();
        WebElement form = browser.shown(By.cssSelector("#tw-detail-" + T101 + " .tw-comment-form"));
        form.findElement(By.tagName("textarea")).sendKeys("A viewer may not");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.showsText(
                By.cssSelector("#tw-detail-" + T101 + " .tw-actions > .tw-msg.tw-msg-error"),
                "Not allowed (403): the token 'viewer' may only read; this call needs a commenter or admin token");

        browser.get(widgetUrl("127.0.0.1", "Leads", "5725767000000411001"));
        browser.showsText(By.id("tw-list-msg"), "Bad request (400): Leads records have no tickets");
    }

    @Test
    void anAdminCreatesATicketForTheContactAndARefusedCreateSaysWhy() {
        int tickets = app.sandbox().desk().tickets().count();
        open(NO_EMAIL, RunningDeskbridge.TOKEN);
        browser.showsText(By.id("tw-list-msg"), "No tickets for this Contacts record");
        create("Call back about the renewal");
        browser.showsText(
                By.cssSelector("#tw-create .tw-msg.tw-msg-error"),
                "Refused (422): CRM Contacts record " + NO_EMAIL + " has no Email (NO_EMAIL)");
        assertEquals(tickets, app.sandbox().desk().tickets().count(), "nothing written");

        browser.get(widgetUrl("127.0.0.1", MARY));
        create("Renewal: quote for 20 more seats");
        browser.showsText(By.id("tw-list-msg"), "created in the Desk. It is listed here after the tickets sync's");
        assertEquals(tickets + 1, app.sandbox().desk().tickets().count(), "the Desk has it");
    }

    @Test
    void anAdminClosesAndChangesTicketsAndTheListAndFiguresFollow() {
        open(KEN, RunningDeskbridge.TOKEN);
        browser.showsText(By.cssSelector(".tw-fig-open dd"), "1");
        WebElement ticket = ticket(T104);
        ticket.findElement(By.cssSelector(".tw-ticket-head")).click();
        browser.shown(By.cssSelector("#tw-detail-" + T104 + " .tw-close")).click();
        browser.showsText(By.id("tw-list-msg"), "Ticket closed. 2 tickets");
        browser.showsText(By.cssSelector(".tw-fig-open dd"), "0");
        browser.showsText(By.cssSelector("#tw-list li[data-ticket-id='" + T104 + "'] .tw-badges"), "Closed");
        assertEquals(
                "Closed",
                app.sandbox()
                        .desk()
                        .tickets()
                        .ticket(T104)
                        .orElseThrow()
                        .path("status")
                        .asText(),
                "the Desk closed it");

        ticket(T105).findElement(By.cssSelector(".tw-ticket-head")).click();
        WebElement change = browser.shown(By.xpath(
                "//div[@id='tw-detail-" + T105 + "']//summary[starts-with(normalize-space(), 'Change status')]"));
        change.click();
        browser.shown(By.id("tw-change-" + T105 + "-priority")).sendKeys("High");
        browser.driver()
                .findElement(By.cssSelector(
                        "#tw-detail-" + T105 + " form:has(#tw-change-" + T105 + "-priority) button[type=submit]"))
                .click();
        browser.showsText(By.id("tw-list-msg"), "Saved.");
        browser.showsText(By.cssSelector("#tw-list li[data-ticket-id='" + T105 + "'] .tw-badges"), "High");
        assertEquals(
                "High",
                app.sandbox()
                        .desk()
                        .tickets()
                        .ticket(T105)
                        .orElseThrow()
                        .path("priority")
                        .asText(),
                "the Desk changed it");
    }

    @Test
    void anAddressWithoutARecordSaysSo() {
        browser.get("http://127.0.0.1:" + app.port() + "/widget/tickets");
        browser.showsText(By.id("tw-problem"), "No CRM record given.");
        assertFalse(browser.driver().findElement(By.id("tw-login")).isDisplayed(), "no sign-in without a record");
        browser.get("http://127.0.0.1:" + app.port() + "/widget/tickets?module=Contacts");
        browser.showsText(By.id("tw-problem"), "The address has no id of the Contacts record.");
        browser.get("http://127.0.0.1:" + app.port() + "/widget/tickets?module=Contacts&id=1%3Cb%3E");
        browser.showsText(By.id("tw-problem"), "'1<b>' is not a CRM record id");
    }

    @Test
    void aConfiguredCrmOriginFramesTheWidgetAndAnotherCannot() throws Exception {
        browser.get(crmOrigin("127.0.0.1") + "/");
        browser.await(d -> "framed".equals(d.getTitle()));
        driver().switchTo().frame("panel");
        try {
            browser.shown(By.id("tw-token"));
            assertTrue(text("#tw-record").contains(MARY), text("#tw-record"));
        } finally {
            driver().switchTo().defaultContent();
        }
        browser.screenshot("ticket-widget-framed");

        // The same page from an origin not in deskbridge.widget.allowed-origins: Chromium refuses to show the widget.
        browser.get(crmOrigin("localhost") + "/");
        browser.await(d -> "framed".equals(d.getTitle()));
        driver().switchTo().frame("panel");
        try {
            assertEquals(List.of(), driver().findElements(By.id("widget")), "the blocked frame shows no widget");
            assertEquals("", driver().findElement(By.tagName("body")).getText());
        } finally {
            driver().switchTo().defaultContent();
        }
        browser.screenshot("ticket-widget-blocked");
    }

    private void open(String crmId, String token) {
        browser.get(widgetUrl("127.0.0.1", crmId));
        signIn(token);
        browser.shown(By.id("tw-app"));
    }

    /** Opens a ticket, waits until it is read from the Desk, and returns its detail's selector. */
    private String openTicket(String ticketId) {
        ticket(ticketId).findElement(By.cssSelector(".tw-ticket-head")).click();
        String detail = "#tw-detail-" + ticketId;
        browser.showsText(By.cssSelector(detail + " .tw-conversation"), "Conversation");
        browser.await(d -> "false".equals(d.findElement(By.cssSelector(detail)).getAttribute("aria-busy")));
        return detail;
    }

    private List<String> summaries(String detail) {
        return driver().findElements(By.cssSelector(detail + " summary")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private void create(String subject) {
        browser.shown(By.id("tw-new")).click();
        browser.shown(By.id("tw-create-subject")).sendKeys(subject);
        browser.driver()
                .findElement(By.cssSelector("#tw-create button[type=submit]"))
                .click();
    }

    private void signIn(String token) {
        WebElement input = browser.shown(By.id("tw-token"));
        input.clear(); // a refused token stays in the field, selected, to be typed over
        input.sendKeys(token);
        browser.driver()
                .findElement(By.cssSelector("#tw-login button[type=submit]"))
                .click();
    }

    private void choose(String filter) {
        browser.driver()
                .findElement(By.xpath("//fieldset[@id='tw-filters']//span[normalize-space()='" + filter + "']"))
                .click();
    }

    private List<String> subjects() {
        return browser.driver().findElements(By.cssSelector("#tw-list .tw-subject")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private WebElement ticket(String ticketId) {
        return browser.shown(By.cssSelector("#tw-list li[data-ticket-id='" + ticketId + "']"));
    }

    private String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText();
    }

    private WebDriver driver() {
        return browser.driver();
    }

    private String widgetUrl(String host, String crmId) {
        return widgetUrl(host, "Contacts", crmId);
    }

    private String widgetUrl(String host, String module, String crmId) {
        return "http://" + host + ":" + app.port() + "/widget/tickets?module=" + module + "&id=" + crmId;
    }

    private String crmOrigin(String host) {
        return "http://" + host + ":" + crm.getAddress().getPort();
    }
}
