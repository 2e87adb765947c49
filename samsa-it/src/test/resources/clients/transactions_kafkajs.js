// Transactions with KafkaJS (ClientTransactionsIT): commit, abort, commit, then what a read_committed consumer
// sees. Arguments: bootstrap servers, topic. KafkaJS comes from NODE_PATH.
const { Kafka, logLevel } = require('kafkajs')

const [bootstrap, topic] = process.argv.slice(2)
const kafka = new Kafka({ clientId: 'samsa-it', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING })

async function main () {
  const producer = kafka.producer({ transactionalId: topic + '-txn', maxInFlightRequests: 1, idempotent: true })
  await producer.connect()
  let txn = await producer.transaction()
  await txn.send({ topic, messages: [{ value: 'c1' }, { value: 'c2' }] })
  await txn.commit()
  txn = await producer.transaction()
  await txn.send({ topic, messages: [{ value: 'aborted' }] })
  await txn.abort()
  txn = await producer.transaction()
  await txn.send({ topic, messages: [{ value: 'c3' }] })
  await txn.commit()
  await producer.disconnect()

  const consumer = kafka.consumer({ groupId: topic + '-read', readUncommitted: false })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const seen = []
  let done
  const three = new Promise(resolve => { done = resolve })
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(message.value.toString())
      if (seen.length >= 3) done()
    }
  })
  await Promise.race([three, new Promise(resolve => setTimeout(resolve, 20000))])
  await new Promise(resolve => setTimeout(resolve, 1000)) // a fourth record, if any, would arrive now
  await consumer.disconnect()
  console.log('read_committed ' + seen.join(','))
}

main().catch(e => { console.error(e); process.exit(1) })
