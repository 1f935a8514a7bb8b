package org.mailward.admin.health;

import java.util.List;
import java.util.Map;

/**
 * One component's health: whether it is up, a short detail, and its parts where it has several
 * (one entry per queue, one per listener).
 */
public record Check(String name, boolean up, String detail, List<Map<String, Object>> parts) {

    public static Check up(String name, String detail, List<Map<String, Object>> parts) {
        return new Check(name, true, detail, parts);
    }

    public static Check down(String name, String detail, List<Map<String, Object>> parts) {
        return new Check(name, false, detail, parts);
    }
}
