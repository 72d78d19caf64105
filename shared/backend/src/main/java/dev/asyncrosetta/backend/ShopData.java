package dev.asyncrosetta.backend;

import dev.asyncrosetta.model.LineItem;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.User;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The shop's users, orders and prices, generated from a seed: the same seed always gives the same
 * shop. Every tenth user has no open orders, every tenth has many (12 to 20), and every tenth has
 * a card that is always declined; the others have 1 to 6 open orders.
 */
public final class ShopData {
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_USERS = 200;

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, List<Order>> ordersByUser = new LinkedHashMap<>();
    private final Map<String, OrderDetails> details = new LinkedHashMap<>();
    private final Set<String> decliningUsers = new TreeSet<>();

    private ShopData() {}

    public static ShopData generate(long seed) {
        return generate(seed, DEFAULT_USERS);
    }

    public static ShopData generate(long seed, int userCount) {
        ShopData data = new ShopData();
        Random random = new Random(seed);
        for (int u = 1; u <= userCount; u++) {
            String userId = String.format("u-%04d", u);
            String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
            data.users.put(userId, new User(userId, name, name.toLowerCase().replace(' ', '.') + "@example.com"));
            int open = switch (u % 10) {
                case 0 -> 0;
                case 1 -> 12 + random.nextInt(9);
                default -> 1 + random.nextInt(6);
            };
            if (u % 10 == 2) data.decliningUsers.add(userId);
            // Closed orders sit between open ones, so listing only the open ones is real work.
            List<String> statuses = new ArrayList<>(Collections.nCopies(open, Order.OPEN));
            statuses.addAll(Collections.nCopies(random.nextInt(3), Order.CLOSED));
            Collections.shuffle(statuses, random);
            List<Order> orders = new ArrayList<>();
            for (int o = 1; o <= statuses.size(); o++) {
                String orderId = String.format("o-%04d-%02d", u, o);
                orders.add(new Order(orderId, userId, statuses.get(o - 1)));
                data.details.put(orderId, randomDetails(orderId, random));
            }
            data.ordersByUser.put(userId, List.copyOf(orders));
        }
        return data;
    }

    private static OrderDetails randomDetails(String orderId, Random random) {
        List<LineItem> lines = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            lines.add(new LineItem("sku-" + (1000 + random.nextInt(9000)), 1 + random.nextInt(5), 99 + random.nextInt(9900)));
        }
        return new OrderDetails(orderId, lines, lines.stream().mapToLong(LineItem::totalCents).sum());
    }

    public List<User> users() {
        return List.copyOf(users.values());
    }

    public User user(String userId) {
        User user = users.get(userId);
        if (user == null) throw new NoSuchElementException("no user " + userId);
        return user;
    }

    public boolean hasUser(String userId) {
        return users.containsKey(userId);
    }

    /** The user's open orders, in the shop's order. */
    public List<Order> openOrders(String userId) {
        return ordersByUser.getOrDefault(userId, List.of()).stream().filter(o -> o.status().equals(Order.OPEN)).toList();
    }

    public OrderDetails details(String orderId) {
        return details.get(orderId);
    }

    public boolean isDeclining(String userId) {
        return decliningUsers.contains(userId);
    }

    /** What a checkout of this user must charge: the sum of the open orders' totals. */
    public long totalFor(String userId) {
        return openOrders(userId).stream().mapToLong(o -> details(o.id()).totalCents()).sum();
    }

    /** Users whose payment goes through and who have open orders, in id order. */
    public List<User> payingUsers(Predicate<Integer> openOrderCount) {
        return users.values().stream()
                .filter(u -> !isDeclining(u.id()) && openOrderCount.test(openOrders(u.id()).size()))
                .toList();
    }

    public User userWithOpenOrders(int atLeast, int atMost) {
        return payingUsers(n -> n >= atLeast && n <= atMost).stream().findFirst()
                .orElseThrow(() -> new NoSuchElementException("no paying user with " + atLeast + ".." + atMost + " open orders"));
    }

    public User userWithoutOpenOrders() {
        return payingUsers(n -> n == 0).get(0);
    }

    public User decliningUser() {
        return users.values().stream()
                .filter(u -> isDeclining(u.id()) && !openOrders(u.id()).isEmpty())
                .findFirst().orElseThrow();
    }

    private static final String[] FIRST = {"Ada", "Alan", "Barbara", "Edsger", "Grace", "Ken", "Leslie", "Linus", "Margaret", "Tony"};
    private static final String[] LAST = {"Hopper", "Lovelace", "Turing", "Liskov", "Dijkstra", "Thompson", "Lamport", "Hamilton", "Hoare", "Torvalds"};
}
