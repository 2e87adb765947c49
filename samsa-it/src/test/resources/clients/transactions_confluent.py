# Transactions with librdkafka through confluent-kafka (ClientTransactionsIT): commit, abort, commit, then what
# read_committed and read_uncommitted consumers see. Arguments: bootstrap servers, topic.
import sys
import time
from confluent_kafka import Consumer, Producer, TopicPartition

bootstrap, topic = sys.argv[1], sys.argv[2]
producer = Producer({'bootstrap.servers': bootstrap, 'transactional.id': topic + '-txn'})
producer.init_transactions(30)
producer.begin_transaction()
producer.produce(topic, b'c1')
producer.produce(topic, b'c2')
producer.commit_transaction(30)
producer.begin_transaction()
producer.produce(topic, b'aborted')
producer.flush(30)
producer.abort_transaction(30)
producer.begin_transaction()
producer.produce(topic, b'c3')
producer.commit_transaction(30)
for isolation in ('read_committed', 'read_uncommitted'):
    consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': topic + '-' + isolation,
                         'isolation.level': isolation, 'enable.auto.commit': False})
    consumer.assign([TopicPartition(topic, 0, 0)])
    values = []
    deadline = time.time() + 20
    while time.time() < deadline and len(values) < (3 if isolation == 'read_committed' else 4):
        message = consumer.poll(0.5)
        if message is not None and not message.error():
            values.append(message.value().decode())
    consumer.close()
    print(isolation + ' ' + ','.join(values), flush=True)
