package org.mailward.admin.health;

import java.util.List;

/** The node is up when every check is. */
public record HealthReport(List<Check> checks) {

    public boolean up() {
        return checks.stream().allMatch(Check::up);
    }
}
