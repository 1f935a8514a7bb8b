package org.mailward.transport.outbound.dns;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MxResolverTest {

    private final FakeDns dns = new FakeDns();
    private final MxResolver resolver = new MxResolver(dns);

    @Test
    void mxHostsComeByPreferenceEachWithItsIpv4BeforeItsIpv6Addresses() {
        dns.add("example.test 300 MX 20 backup.example.test")
                .add("example.test 300 MX 10 primary.example.test")
                .add("primary.example.test 300 AAAA 2001:db8::1")
                .add("primary.example.test 300 A 192.0.2.1")
                .add("backup.example.test 300 A 192.0.2.2");

        assertEquals(List.of(host("primary.example.test", "192.0.2.1", 10), host("primary.example.test", "2001:db8::1", 10),
                host("backup.example.test", "192.0.2.2", 20)), hosts(resolver.mailHosts("example.test")));
    }

    @Test
    void equalPreferencesAreTriedInEitherOrderButAlwaysBeforeHigherOnes() {
        dns.add("example.test 300 MX 10 a.example.test").add("example.test 300 MX 10 b.example.test")
                .add("example.test 300 MX 30 c.example.test")
                .add("a.example.test 300 A 192.0.2.1").add("b.example.test 300 A 192.0.2.2").add("c.example.test 300 A 192.0.2.3");

        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            List<MailHost> hosts = hosts(resolver.mailHosts("example.test"));
            firsts.add(hosts.get(0).name());
            assertEquals("c.example.test", hosts.get(2).name());
        }
        assertEquals(Set.of("a.example.test", "b.example.test"), firsts);
    }

    @Test
    void anMxHostWithoutAddressesIsSkipped() {
        dns.add("example.test 300 MX 10 gone.example.test").add("example.test 300 MX 20 up.example.test")
                .add("up.example.test 300 A 192.0.2.7");

        assertEquals(List.of(host("up.example.test", "192.0.2.7", 20)), hosts(resolver.mailHosts("example.test")));
    }

    @Test
    void mxHostsNoneOfWhichHasAnAddressAreTemporary() {
        dns.add("example.test 300 MX 10 gone.example.test").add("example.test 300 MX 20 broken.example.test")
                .failing("broken.example.test");

        Route.Temporary route = assertInstanceOf(Route.Temporary.class, resolver.mailHosts("example.test"));
        assertTrue(route.reason().contains("gone.example.test"), route.reason());
    }

    @Test
    void withoutMxTheDomainsOwnAddressesAreTheImplicitMx() {
        dns.add("example.test 300 A 192.0.2.9").add("example.test 300 AAAA 2001:db8::9");

        assertEquals(List.of(host("example.test", "192.0.2.9", 0), host("example.test", "2001:db8::9", 0)),
                hosts(resolver.mailHosts("example.test")));
    }

    @Test
    void aDomainWithNeitherMxNorAddressesCannotReceiveMail() {
        dns.add("example.test 300 TXT \"v=spf1 -all\"");

        Route.Permanent route = assertInstanceOf(Route.Permanent.class, resolver.mailHosts("example.test"));
        assertEquals("5.1.2", route.status());
    }

    @Test
    void aDomainWithoutMxWhoseAddressLookupFailsIsTemporary() {
        dns.add("example.test 300 TXT \"hello\"").failing("example.test A");

        assertInstanceOf(Route.Temporary.class, resolver.mailHosts("example.test"));
    }

    @Test
    void cnamesAreFollowedForTheDomainAndForItsMxHosts() {
        dns.add("alias.test 300 CNAME example.test")
                .add("example.test 300 MX 10 mail.example.test")
                .add("mail.example.test 300 CNAME real.example.test")
                .add("real.example.test 300 A 192.0.2.4");

        assertEquals(List.of(host("mail.example.test", "192.0.2.4", 10)), hosts(resolver.mailHosts("alias.test")));
    }

    @Test
    void aNullMxRefusesAllMailPermanently() {
        dns.add("example.test 300 MX 0 .").add("example.test 300 A 192.0.2.1");

        Route.Permanent route = assertInstanceOf(Route.Permanent.class, resolver.mailHosts("example.test"));
        assertEquals("5.1.10", route.status());
    }

    @Test
    void aDomainThatDoesNotExistIsPermanent() {
        Route.Permanent route = assertInstanceOf(Route.Permanent.class, resolver.mailHosts("nowhere.test"));
        assertEquals("5.1.2", route.status());
        assertTrue(route.reason().contains("no such domain"), route.reason());
    }

    @Test
    void aFailingOrSilentServerIsTemporary() {
        dns.failing("broken.test").silent("slow.test");

        assertInstanceOf(Route.Temporary.class, resolver.mailHosts("broken.test"));
        assertInstanceOf(Route.Temporary.class, resolver.mailHosts("slow.test"));
    }

    @Test
    void addressLiteralsNeedNoDns() throws Exception {
        assertEquals(List.of(new MailHost("[192.0.2.1]", InetAddress.getByName("192.0.2.1"), 0)),
                hosts(resolver.mailHosts("[192.0.2.1]")));
        assertEquals(List.of(new MailHost("[IPv6:2001:db8::1]", InetAddress.getByName("2001:db8::1"), 0)),
                hosts(resolver.mailHosts("[IPv6:2001:db8::1]")));
        assertEquals("5.1.3", assertInstanceOf(Route.Permanent.class, resolver.mailHosts("[mail.example.test]")).status());
        assertEquals("5.1.3", assertInstanceOf(Route.Permanent.class, resolver.mailHosts("[2001:db8::1]")).status());
        assertEquals(List.of(), dns.questions());
    }

    @Test
    void aSmartHostsAddressesComeWithPreferenceZero() throws Exception {
        dns.add("relay.test 300 A 192.0.2.5").add("relay.test 300 AAAA 2001:db8::5");

        assertEquals(List.of(host("relay.test", "192.0.2.5", 0), host("relay.test", "2001:db8::5", 0)),
                hosts(resolver.addresses("relay.test")));
        assertEquals(List.of(new MailHost("192.0.2.6", InetAddress.getByName("192.0.2.6"), 0)),
                hosts(resolver.addresses("192.0.2.6")));
        assertEquals(List.of(new MailHost("[IPv6:::1]", InetAddress.getByName("::1"), 0)),
                hosts(resolver.addresses("[IPv6:::1]")));
    }

    @Test
    void aSmartHostWithoutAddressesIsTemporaryUntilTheOperatorFixesIt() {
        assertInstanceOf(Route.Temporary.class, resolver.addresses("typo.test"));
    }

    @Test
    void answersAreCachedForTheirTtl() {
        dns.add("example.test 300 MX 10 mx.example.test").add("mx.example.test 300 A 192.0.2.1")
                .add("mx.example.test 300 AAAA 2001:db8::1");

        resolver.mailHosts("example.test");
        resolver.mailHosts("example.test");

        assertEquals(List.of("example.test MX", "mx.example.test A", "mx.example.test AAAA"), dns.questions());
    }

    @Test
    void negativeAnswersAreCachedNoLongerThanTheirSoaAllows() {
        dns.negativeTtl(0);
        resolver.mailHosts("nowhere.test");
        resolver.mailHosts("nowhere.test");
        assertEquals(List.of("nowhere.test MX", "nowhere.test MX"), dns.questions());

        dns.negativeTtl(300);
        resolver.mailHosts("gone.test");
        resolver.mailHosts("gone.test");
        assertEquals(List.of("nowhere.test MX", "nowhere.test MX", "gone.test MX"), dns.questions());
    }

    @Test
    void concurrentLookupsEachGetTheirOwnDomainsHosts() throws Exception {
        for (int i = 0; i < 20; i++) {
            dns.add("d" + i + ".test 60 MX 10 mx.d" + i + ".test").add("mx.d" + i + ".test 60 A 192.0.2." + (i + 1));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int round = 0; round < 200; round++) {
                int i = round % 20;
                results.add(pool.submit(() -> hosts(resolver.mailHosts("d" + i + ".test"))
                        .equals(List.of(host("mx.d" + i + ".test", "192.0.2." + (i + 1), 10)))));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        }
    }

    @Test
    void dnsServersParseFromTheSetting() throws Exception {
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 10053),
                        new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 53),
                        new InetSocketAddress(InetAddress.getByName("::1"), 5353),
                        new InetSocketAddress(InetAddress.getByName("2001:db8::53"), 53),
                        new InetSocketAddress(InetAddress.getByName("2001:db8::54"), 53)),
                MxResolver.servers("127.0.0.1:10053, 10.0.0.1 ,[::1]:5353,[2001:db8::53],2001:db8::54"));
        assertEquals(List.of(), MxResolver.servers(" "));
        assertEquals(List.of(), MxResolver.servers(null));
        assertThrows(IllegalArgumentException.class, () -> MxResolver.servers("dns.example.test"));
        assertThrows(IllegalArgumentException.class, () -> MxResolver.servers("127.0.0.1:99999"));
        assertThrows(IllegalArgumentException.class, () -> MxResolver.servers("127.0.0.1:dns"));
        assertThrows(IllegalArgumentException.class, () -> MxResolver.servers("[::1"));
    }

    private static List<MailHost> hosts(Route route) {
        return assertInstanceOf(Route.Hosts.class, route, route::toString).hosts();
    }

    private static MailHost host(String name, String address, int preference) {
        try {
            return new MailHost(name, InetAddress.getByName(address), preference);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
