package io.samsa.it.fuzz;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.utils.ImplicitLinkedHashCollection;

/**
 * Changes one field of a request message in place: a number to an edge or a neighbour of its value, a string to
 * null or a name of something else, a collection to null, empty, shorter or many times longer, a record set to a
 * broken one ({@link RecordsMutator}).
 *
 * <p>It walks kafka-clients' generated message classes by reflection (their fields are named as in the protocol
 * schema), so it knows each field's exact type but not at which versions the field exists: the caller serializes
 * the result and tries again when the mutation did not change the bytes or cannot be written at that version.
 * Stateless.
 */
final class FieldMutator {
    private final MutationValues values;

    FieldMutator(MutationValues values) {
        this.values = values;
    }

    /** Mutates one field of {@code message} and says which and to what; null if it has no field at all. */
    String mutate(Message message, Random r) {
        List<Slot> slots = new ArrayList<>();
        collect(message, "", slots);
        if (slots.isEmpty()) {
            return null;
        }
        Slot slot = slots.get(r.nextInt(slots.size()));
        try {
            return slot.path() + " = " + slot.apply(r);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set " + slot.path(), e);
        }
    }

    /** A place in a message that can be given another value. */
    private interface Slot {
        String path();

        /** Sets a new value and describes it. */
        String apply(Random r) throws IllegalAccessException;
    }

    private void collect(Object message, String path, List<Slot> out) {
        for (Class<?> c = message.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!isProtocolField(message, f)) {
                    continue;
                }
                f.setAccessible(true);
                String p = path.isEmpty() ? f.getName() : path + "." + f.getName();
                Object value = get(f, message);
                out.add(new FieldSlot(message, f, p));
                if (value instanceof Message nested) {
                    collect(nested, p, out);
                } else if (value instanceof Collection<?> coll) {
                    int i = 0;
                    for (Object e : coll) {
                        if (e instanceof Message m) {
                            collect(m, p + "[" + i + "]", out);
                        } else if (coll instanceof List<?> list) {
                            out.add(new ElementSlot(list, i, p + "[" + i + "]"));
                        }
                        i++;
                    }
                }
            }
        }
    }

    /** Fields of the schema; not the unknown tagged fields, nor the links an implicit collection threads through. */
    private static boolean isProtocolField(Object owner, Field f) {
        if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.getName().startsWith("_")) {
            return false;
        }
        boolean link = f.getName().equals("next") || f.getName().equals("prev");
        return !(link && owner instanceof ImplicitLinkedHashCollection.Element);
    }

    private static Object get(Field f, Object owner) {
        try {
            return f.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class FieldSlot implements Slot {
        private final Object owner;
        private final Field field;
        private final String path;

        FieldSlot(Object owner, Field field, String path) {
            this.owner = owner;
            this.field = field;
            this.path = path;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String apply(Random r) throws IllegalAccessException {
            Class<?> type = field.getType();
            Object current = field.get(owner);
            Object next;
            if (type == int.class) {
                next = values.nextInt(r, (Integer) current);
            } else if (type == long.class) {
                next = values.nextLong(r, (Long) current);
            } else if (type == short.class) {
                next = values.nextShort(r, (Short) current);
            } else if (type == byte.class) {
                next = values.nextByte(r, (Byte) current);
            } else if (type == boolean.class) {
                next = !(Boolean) current;
            } else if (type == double.class) {
                next = values.nextDouble(r);
            } else if (type == String.class) {
                next = values.nextString(r, (String) current);
            } else if (type == Uuid.class) {
                next = values.nextUuid(r);
            } else if (type == byte[].class) {
                next = values.nextBytes(r);
            } else if (current instanceof MemoryRecords records) {
                String[] what = new String[1];
                next = RecordsMutator.mutate(records, r, what);
                field.set(owner, next);
                return "records: " + what[0];
            } else if (current instanceof Collection<?> coll) {
                return mutateCollection(coll, r);
            } else {
                next = null; // a nested struct or an absent record set
            }
            field.set(owner, next);
            return describe(next);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private String mutateCollection(Collection coll, Random r) throws IllegalAccessException {
            int choice = r.nextInt(coll.isEmpty() ? 2 : 5);
            switch (choice) {
                case 0 -> {
                    field.set(owner, null);
                    return "null";
                }
                case 1 -> {
                    coll.clear();
                    return "[]";
                }
                case 2 -> {
                    Iterator<?> it = coll.iterator();
                    it.next();
                    it.remove();
                    return "first element removed";
                }
                default -> {
                    Object first = coll.iterator().next();
                    int copies = values.copies(r);
                    for (int i = 0; i < copies; i++) {
                        coll.add(first instanceof Message m ? m.duplicate() : first);
                    }
                    return "first element added " + copies + " more times";
                }
            }
        }
    }

    private final class ElementSlot implements Slot {
        private final List<?> list;
        private final int index;
        private final String path;

        ElementSlot(List<?> list, int index, String path) {
            this.list = list;
            this.index = index;
            this.path = path;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        @SuppressWarnings("unchecked")
        public String apply(Random r) {
            Object current = list.get(index);
            Object next;
            if (current instanceof Integer i) {
                next = values.nextInt(r, i);
            } else if (current instanceof Long l) {
                next = values.nextLong(r, l);
            } else if (current instanceof String s) {
                next = values.nextString(r, s);
            } else if (current instanceof Uuid) {
                next = values.nextUuid(r);
            } else {
                next = null;
            }
            ((List<Object>) list).set(index, next);
            return describe(next);
        }
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return s.length() > 40 ? "\"" + s.substring(0, 20) + "...\" (" + s.length() + " chars)" : "\"" + s + "\"";
        }
        if (value instanceof byte[] b) {
            return b.length + " bytes";
        }
        return String.valueOf(value);
    }
}
