package org.mailward.web.health;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.mailward.admin.health.Check;
import org.mailward.admin.health.HealthReport;
import org.mailward.admin.health.HealthService;

import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /health}: 200 with {@code "status":"UP"} when the database, every queue and every
 * enabled listener answer, 503 with the failing part named otherwise. It reveals no mail data,
 * so it needs no login.
 */
@WebServlet("/health")
public class HealthServlet extends HttpServlet {

    @Inject
    private HealthService health;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthReport report = health.report();
        JsonObjectBuilder checks = Json.createObjectBuilder();
        for (Check check : report.checks()) {
            JsonArrayBuilder parts = Json.createArrayBuilder();
            for (Map<String, Object> part : check.parts()) {
                parts.add(Json.createObjectBuilder(part));
            }
            checks.add(check.name(), Json.createObjectBuilder()
                    .add("status", check.up() ? "UP" : "DOWN")
                    .add("detail", check.detail())
                    .add("parts", parts));
        }
        response.setStatus(report.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Json.createObjectBuilder()
                .add("status", report.up() ? "UP" : "DOWN")
                .add("checks", checks)
                .build().toString());
    }
}
